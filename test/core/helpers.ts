import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Logger } from '../../src/api/types.js'

/** A logger that keeps every line, for asserting on warnings. */
export interface RecordingLogger extends Logger {
  lines: { level: 'info' | 'warn' | 'error' | 'debug'; message: string }[]
  warnings(): string[]
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = []
  return {
    lines,
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
    debug: (message) => lines.push({ level: 'debug', message }),
    warnings: () => lines.filter((line) => line.level === 'warn').map((line) => line.message),
  }
}

/** Temporary folders removed by `cleanup`, for `afterEach`. */
export function tempDirs(): { make(): Promise<string>; cleanup(): Promise<void> } {
  const created: string[] = []
  return {
    async make() {
      const dir = await mkdtemp(join(tmpdir(), 'cf-images-core-'))
      created.push(dir)
      return dir
    },
    async cleanup() {
      await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
    },
  }
}

/** Makes a small PNG whose bytes depend on `seed`, so each seed is a distinct content. */
export function makePng(seed: number, width = 4, height = 3): Promise<Buffer> {
  const red = seed % 256
  const green = Math.floor(seed / 256) % 256
  const blue = Math.floor(seed / 65_536) % 256
  return sharp({ create: { width, height, channels: 3, background: { r: red, g: green, b: blue } } })
    .png()
    .toBuffer()
}

export async function makeAnimated(format: 'gif' | 'webp', frames: number, width: number, height: number): Promise<Buffer> {
  const images = await Promise.all(
    Array.from({ length: frames }, (_, index) =>
      sharp({ create: { width, height, channels: 3, background: { r: (index * 40) % 256, g: 0, b: 0 } } })
        .png()
        .toBuffer(),
    ),
  )
  const joined = sharp(images, { join: { animated: true } })
  return format === 'gif' ? joined.gif().toBuffer() : joined.webp().toBuffer()
}

function box(type: string, payload: Uint8Array): Buffer {
  const header = Buffer.alloc(8)
  header.writeUInt32BE(8 + payload.length, 0)
  header.write(type, 4, 'latin1')
  return Buffer.concat([header, payload])
}

/**
 * Builds a minimal HEIF container (ftyp, meta/iprp/ipco/ispe) declaring the given size. It
 * contains no pixels, which is enough for preflight: it only sniffs the format and reads the size.
 */
export function makeHeifHeader(majorBrand: string, width: number, height: number, compatible: string[] = ['mif1']): Buffer {
  const ftyp = box('ftyp', Buffer.from(`${majorBrand}\u0000\u0000\u0000\u0000${compatible.join('')}`, 'latin1'))
  const ispePayload = Buffer.alloc(12)
  ispePayload.writeUInt32BE(width, 4)
  ispePayload.writeUInt32BE(height, 8)
  const ipco = box('ipco', box('ispe', ispePayload))
  const iprp = box('iprp', ipco)
  const meta = box('meta', Buffer.concat([Buffer.alloc(4), iprp]))
  return Buffer.concat([ftyp, meta])
}
