import type { ImageFormat, ImageInfo } from './types.js'
import { isSha256Hex } from './hash.js'

/** Key that marks an image's metadata as written by this tool; its value is the metadata version. */
export const METADATA_TOOL_KEY = 'vite-plugin-cloudflare-images'
export const METADATA_VERSION = 1

/** Cloudflare's limit on the metadata JSON of one image, in bytes. */
export const MAX_METADATA_BYTES = 1024

const ELLIPSIS = '...'

const IMAGE_FORMATS: ReadonlySet<string> = new Set<ImageFormat>(['png', 'jpeg', 'gif', 'webp', 'svg', 'heic', 'avif'])

/** Metadata this tool stores with each upload, enough to rebuild a manifest entry. */
export interface OwnMetadata {
  sha256: string
  /** Original file name, shortened from the start when the JSON would exceed the limit. */
  file: string
  bytes?: number
  width?: number
  height?: number
  format?: ImageFormat
}

export interface MetadataInput {
  sha256: string
  file: string
  info?: ImageInfo
}

function metadataJsonBytes(metadata: Record<string, unknown>): number {
  return Buffer.byteLength(JSON.stringify(metadata), 'utf8')
}

function withFile(input: MetadataInput, file: string): Record<string, unknown> {
  const metadata: Record<string, unknown> = { [METADATA_TOOL_KEY]: METADATA_VERSION, sha256: input.sha256, file }
  if (input.info) {
    metadata.bytes = input.info.bytes
    metadata.width = input.info.width
    metadata.height = input.info.height
    metadata.format = input.info.format
  }
  return metadata
}

/**
 * Builds the metadata object sent with an upload. When its JSON is over `maxBytes`, the file name
 * loses characters from the start (the end, with the base name, is kept) behind a `...` marker.
 * Throws a `RangeError` when even an empty file name does not fit.
 */
export function buildMetadata(input: MetadataInput, maxBytes: number = MAX_METADATA_BYTES): Record<string, unknown> {
  if (!isSha256Hex(input.sha256)) {
    throw new TypeError(`Invalid sha256 ${JSON.stringify(input.sha256)}: expected 64 lowercase hex characters.`)
  }

  const full = withFile(input, input.file)
  if (metadataJsonBytes(full) <= maxBytes) {
    return full
  }

  if (metadataJsonBytes(withFile(input, ELLIPSIS)) > maxBytes) {
    throw new RangeError(`Image metadata needs more than ${maxBytes} bytes even without a file name. Raise maxMetadataBytes to at least 512.`)
  }

  // Binary search on the number of code points kept from the end, so multi-byte characters and
  // JSON escapes are measured as they will be sent, and no surrogate pair is split.
  const codePoints = Array.from(input.file)
  let fits = 0
  let tooMany = codePoints.length
  while (tooMany - fits > 1) {
    const middle = Math.floor((fits + tooMany) / 2)
    const candidate = withFile(input, ELLIPSIS + codePoints.slice(-middle).join(''))
    if (metadataJsonBytes(candidate) <= maxBytes) {
      fits = middle
    } else {
      tooMany = middle
    }
  }

  const kept = fits === 0 ? '' : codePoints.slice(-fits).join('')
  return withFile(input, ELLIPSIS + kept)
}

function optionalCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined
}

/**
 * Reads the metadata of a listed or fetched image. Returns undefined unless this tool wrote it
 * (the tool key has a known version and `sha256` is a valid digest).
 */
export function parseOwnMetadata(meta: unknown): OwnMetadata | undefined {
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    return undefined
  }
  const record = meta as Record<string, unknown>
  if (record[METADATA_TOOL_KEY] !== METADATA_VERSION || !isSha256Hex(record.sha256)) {
    return undefined
  }

  const own: OwnMetadata = { sha256: record.sha256, file: typeof record.file === 'string' ? record.file : '' }
  const bytes = optionalCount(record.bytes)
  const width = optionalCount(record.width)
  const height = optionalCount(record.height)
  if (bytes !== undefined) own.bytes = bytes
  if (width !== undefined) own.width = width
  if (height !== undefined) own.height = height
  if (typeof record.format === 'string' && IMAGE_FORMATS.has(record.format)) {
    own.format = record.format as ImageFormat
  }
  return own
}
