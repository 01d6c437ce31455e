import { randomUUID } from 'node:crypto'
import { EmulatorApiError, badRequest, sendSuccess } from '../envelope.js'
import { ACCEPTED_FORMATS, CONTENT_TYPES, inspectImage, type ImageInfo } from '../image-format.js'
import { toApiImage } from '../image-object.js'
import {
  MAX_CREATOR_LENGTH,
  MAX_CUSTOM_ID_LENGTH,
  MAX_FILE_BYTES,
  MAX_METADATA_BYTES,
  MAX_SIDE_PIXELS,
  MAX_TOTAL_PIXELS,
  MAX_UPLOAD_BODY_BYTES,
} from '../limits.js'
import { type MultipartPart, parseMultipart } from '../multipart.js'
import { readBody } from '../request-body.js'
import type { RequestContext } from '../state.js'
import type { StoredImage } from '../stored-image.js'

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** `POST /images/v1`: multipart upload of a file under a generated or custom ID. */
export async function handleUpload({ req, res, state, headers }: RequestContext): Promise<void> {
  const contentType = req.headers['content-type'] ?? ''
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    // Drain the body so the client can read the response.
    req.resume()
    throw new EmulatorApiError(415, 5415, `Invalid Content-Type ${JSON.stringify(contentType)}: upload images as multipart/form-data with the bytes in a part named file`)
  }

  const body = await readBody(req, MAX_UPLOAD_BODY_BYTES)
  if (body.tooLarge) throw fileTooLarge()
  const fields = readUploadFields(parseMultipart(body.bytes, contentType))
  const bytes = fields.file.data
  if (bytes.byteLength > MAX_FILE_BYTES) throw fileTooLarge()
  const info = checkImage(bytes)

  const id = fields.id ?? randomUUID()
  if (!state.store.reserve(id)) {
    throw new EmulatorApiError(409, 5409, `Image ID ${JSON.stringify(id)} already exists. Delete it first to upload new bytes under this ID.`)
  }

  const image: StoredImage = {
    id,
    filename: fields.file.filename ?? '',
    uploaded: new Date().toISOString(),
    requireSignedURLs: fields.requireSignedURLs,
    customId: fields.id !== undefined,
    contentType: CONTENT_TYPES[info.format],
    size: bytes.byteLength,
    hasBytes: true,
  }
  if (fields.meta !== undefined) image.meta = fields.meta
  if (fields.creator !== undefined) image.creator = fields.creator
  if (info.width !== undefined) image.width = info.width
  if (info.height !== undefined) image.height = info.height

  await state.store.add(image, bytes)
  sendSuccess(res, toApiImage(image, state), headers)
}

interface UploadFields {
  file: MultipartPart
  id?: string
  meta?: Record<string, unknown>
  requireSignedURLs: boolean
  creator?: string
}

/** The first part of each name, as `FormData.get()` would pick it. */
type Form = Map<string, MultipartPart>

function readUploadFields(parts: MultipartPart[]): UploadFields {
  const form: Form = new Map()
  for (const part of parts) {
    if (!form.has(part.name)) form.set(part.name, part)
  }

  const file = form.get('file')
  if (form.has('url')) {
    if (file) throw badRequest('Send either file or url, not both')
    throw badRequest('Upload by url is not supported by the emulator because it never makes outgoing requests: send the bytes in the file field')
  }
  if (!file) throw badRequest('Missing file: send the image bytes in a multipart part named file')

  const fields: UploadFields = { file, requireSignedURLs: readBoolean(form, 'requireSignedURLs') }

  const id = readText(form, 'id')
  if (id !== undefined) {
    checkCustomId(id)
    fields.id = id
  }
  if (fields.id !== undefined && fields.requireSignedURLs) {
    throw badRequest('Invalid requireSignedURLs: an image with a custom ID cannot require signed URLs')
  }

  const metadata = readText(form, 'metadata')
  if (metadata !== undefined) fields.meta = parseMetadata(metadata)

  const creator = readText(form, 'creator')
  if (creator !== undefined) {
    if (creator.length > MAX_CREATOR_LENGTH) throw badRequest(`Invalid creator: at most ${MAX_CREATOR_LENGTH} characters, got ${creator.length}`)
    fields.creator = creator
  }
  return fields
}

function readText(form: Form, name: string): string | undefined {
  const part = form.get(name)
  if (!part) return undefined
  if (part.filename !== undefined) throw badRequest(`Invalid ${name}: send it as a text field, not as a file`)
  return part.data.toString('utf8')
}

function readBoolean(form: Form, name: string): boolean {
  const value = readText(form, name)
  if (value === undefined || value === 'false') return false
  if (value === 'true') return true
  throw badRequest(`Invalid ${name}: expected "true" or "false", got ${JSON.stringify(value)}`)
}

/** Applies Cloudflare's custom ID rules: at most 1024 characters, no leading or trailing `/`, not a UUID. */
export function checkCustomId(id: string): void {
  if (id.length === 0) throw badRequest('Invalid custom ID: it is empty; leave the id field out to get a generated ID')
  if (id.length > MAX_CUSTOM_ID_LENGTH) throw badRequest(`Invalid custom ID: at most ${MAX_CUSTOM_ID_LENGTH} characters, got ${id.length}`)
  if (id.startsWith('/') || id.endsWith('/')) throw badRequest(`Invalid custom ID ${JSON.stringify(id)}: it must not start or end with /`)
  if (UUID_PATTERN.test(id)) throw badRequest(`Invalid custom ID ${JSON.stringify(id)}: a custom ID must not be a UUID`)
}

/** Parses the `metadata` field: a JSON object of at most 1024 bytes. */
export function parseMetadata(text: string): Record<string, unknown> {
  const bytes = Buffer.byteLength(text)
  if (bytes > MAX_METADATA_BYTES) throw badRequest(`Invalid metadata: at most ${MAX_METADATA_BYTES} bytes, got ${bytes}`)

  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw badRequest('Invalid metadata: it must be a JSON object encoded as a string')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('Invalid metadata: it must be a JSON object encoded as a string')
  }
  return value as Record<string, unknown>
}

function checkImage(bytes: Uint8Array): ImageInfo {
  const info = inspectImage(bytes)
  if (!info || !ACCEPTED_FORMATS.has(info.format)) {
    const found = info ? info.format.toUpperCase() : 'an unrecognised format'
    throw new EmulatorApiError(415, 5455, `Uploaded image must have image/jpeg, image/png, image/webp, image/gif, image/heic or image/svg+xml content-type: the bytes are ${found}`)
  }

  const { width, height, frames } = info
  if (width === undefined || height === undefined) return info

  if (Math.max(width, height) > MAX_SIDE_PIXELS) {
    throw badRequest(`Image dimensions too large: ${width}x${height} px; the longest side may be at most ${MAX_SIDE_PIXELS} px`)
  }
  const totalPixels = width * height * frames
  if (totalPixels > MAX_TOTAL_PIXELS) {
    const framesNote = frames > 1 ? ` over ${frames} frames` : ''
    throw badRequest(`Image too large: ${totalPixels} pixels${framesNote}; the limit is ${MAX_TOTAL_PIXELS} (100 megapixels)`)
  }
  return info
}

function fileTooLarge(): EmulatorApiError {
  return new EmulatorApiError(413, 5413, `Image too large: the maximum file size is ${MAX_FILE_BYTES} bytes (10 MiB)`)
}
