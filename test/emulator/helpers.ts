// Shared setup for the emulator tests: a started emulator, request helpers and small images.
import sharp from 'sharp'
import { FormData, request } from 'undici'
import { startEmulator } from '../../src/emulator/index.js'
import type { EmulatorHandle, EmulatorOptions } from '../../src/emulator/types.js'

export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  /** The parsed body, or undefined when it is not JSON. */
  json: any
}

const running = new Set<EmulatorHandle>()

/** Starts an emulator that `closeEmulators()` stops after the test. */
export async function emulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const handle = await startEmulator(options)
  running.add(handle)
  return handle
}

export async function closeEmulators(): Promise<void> {
  const handles = [...running]
  running.clear()
  await Promise.all(handles.map((handle) => handle.close()))
}

export function accountUrl(handle: EmulatorHandle, path: string): string {
  return `${handle.apiUrl}/accounts/${handle.accountId}${path}`
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` }
}

/** Sends a request and reads the whole response. */
export async function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array | FormData } = {},
): Promise<Answer> {
  const response = await request(url, {
    method: (init.method ?? 'GET') as 'GET',
    headers: init.headers,
    body: init.body as string | undefined,
  })
  const buffer = Buffer.from(await response.body.arrayBuffer())
  const text = buffer.toString('utf8')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.statusCode, headers: response.headers, text, json }
}

/** Sends an authorised API request to `/client/v4/accounts/{id}` + `path`. */
export function api(handle: EmulatorHandle, path: string, init: { method?: string; headers?: Record<string, string>; body?: string | FormData } = {}): Promise<Answer> {
  return send(accountUrl(handle, path), { ...init, headers: { ...bearer(handle.token), ...init.headers } })
}

export interface UploadFields {
  bytes: Uint8Array
  filename?: string
  id?: string
  metadata?: string
  requireSignedURLs?: string
  creator?: string
  url?: string
}

export function uploadForm(fields: UploadFields): FormData {
  const form = new FormData()
  form.set('file', new Blob([new Uint8Array(fields.bytes)]), fields.filename ?? 'image.png')
  if (fields.id !== undefined) form.set('id', fields.id)
  if (fields.metadata !== undefined) form.set('metadata', fields.metadata)
  if (fields.requireSignedURLs !== undefined) form.set('requireSignedURLs', fields.requireSignedURLs)
  if (fields.creator !== undefined) form.set('creator', fields.creator)
  if (fields.url !== undefined) form.set('url', fields.url)
  return form
}

/** Uploads through `POST /images/v1` on the API host. */
export function upload(handle: EmulatorHandle, fields: UploadFields): Promise<Answer> {
  return api(handle, '/images/v1', { method: 'POST', body: uploadForm(fields) })
}

/** Encodes a real PNG of the given size, coloured so different sizes give different bytes. */
export function png(width = 4, height = 3): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: width % 256, g: height % 256, b: 90 } } })
    .png()
    .toBuffer()
}

export function encode(format: 'jpeg' | 'gif' | 'webp' | 'avif' | 'tiff', width = 4, height = 3): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3366aa' } })
    .toFormat(format)
    .toBuffer()
}

export const SVG = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="20"><rect width="10" height="20"/></svg>\n')

function box(type: string, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents)
  const header = Buffer.alloc(8)
  header.writeUInt32BE(8 + body.length, 0)
  header.write(type, 4, 'latin1')
  return Buffer.concat([header, body])
}

function uint32(...values: number[]): Buffer {
  const buffer = Buffer.alloc(4 * values.length)
  values.forEach((value, index) => buffer.writeUInt32BE(value, index * 4))
  return buffer
}

/** Builds the boxes a HEIC reader needs for the size (ftyp, meta, iprp, ipco, ispe) and no pixel data. */
export function heicHeader(width: number, height: number, brand = 'heic'): Buffer {
  const ftyp = box('ftyp', Buffer.from(brand, 'latin1'), uint32(0), Buffer.from(`mif1${brand}`, 'latin1'))
  const ispe = box('ispe', uint32(0, width, height))
  const meta = box('meta', uint32(0), box('iprp', box('ipco', ispe)))
  return Buffer.concat([ftyp, meta])
}

/** Builds a PNG signature and IHDR chunk only, which is enough for the size check at any dimensions. */
export function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.writeUInt8(8, 8)
  ihdr.writeUInt8(2, 9)
  const length = uint32(13)
  const crc = uint32(0)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), length, Buffer.from('IHDR', 'latin1'), ihdr, crc])
}

/** Builds a GIF with `frames` 1x1 image descriptors on a canvas of the given size. */
export function gifWithFrames(width: number, height: number, frames: number): Buffer {
  const header = Buffer.alloc(13)
  header.write('GIF89a', 0, 'latin1')
  header.writeUInt16LE(width, 6)
  header.writeUInt16LE(height, 8)
  header.writeUInt8(0, 10)
  const frame = Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00])
  return Buffer.concat([header, ...Array.from({ length: frames }, () => frame), Buffer.from([0x3b])])
}

export const BMP = Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(52)])
export const ICO = Buffer.concat([Buffer.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0]), Buffer.alloc(30)])
export const GARBAGE = Buffer.from('this is not an image, only some text that looks like nothing')
