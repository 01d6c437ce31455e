import { imageSize } from 'image-size'

/** Formats the emulator recognises; only some are accepted by the Images API. */
export type DetectedFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'svg' | 'heic' | 'avif' | 'tiff' | 'bmp' | 'ico'

/** Input formats the Images API accepts (AVIF only on Enterprise plans, so not here). */
export const ACCEPTED_FORMATS: ReadonlySet<DetectedFormat> = new Set(['png', 'jpeg', 'gif', 'webp', 'svg', 'heic'])

export const CONTENT_TYPES: Record<DetectedFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  heic: 'image/heic',
  avif: 'image/avif',
  tiff: 'image/tiff',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
}

export interface ImageInfo {
  format: DetectedFormat
  /** Undefined for an SVG without width, height or viewBox. */
  width?: number
  height?: number
  /** Frames of an animated GIF or WebP; 1 for everything else. */
  frames: number
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'])
const AVIF_BRANDS = new Set(['avif', 'avis'])

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end)
}

/** Detects the format from the leading bytes (the file name and declared type are ignored, as Cloudflare does). */
export function detectFormat(bytes: Uint8Array): DetectedFormat | undefined {
  const startsWith = (...signature: number[]) => signature.every((value, index) => bytes[index] === value)

  if (startsWith(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png'
  if (startsWith(0xff, 0xd8, 0xff)) return 'jpeg'
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif'
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp'
  if (startsWith(0x49, 0x49, 0x2a, 0x00) || startsWith(0x4d, 0x4d, 0x00, 0x2a)) return 'tiff'
  if (ascii(bytes, 0, 2) === 'BM') return 'bmp'
  if (startsWith(0x00, 0x00, 0x01, 0x00) || startsWith(0x00, 0x00, 0x02, 0x00)) return 'ico'
  if (ascii(bytes, 4, 8) === 'ftyp') return detectIsoBrand(bytes)
  if (looksLikeSvg(bytes)) return 'svg'
  return undefined
}

/** Reads the major and compatible brands of an ISO-BMFF `ftyp` box (HEIC and AVIF share the container). */
function detectIsoBrand(bytes: Uint8Array): DetectedFormat | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const boxSize = bytes.byteLength >= 4 ? view.getUint32(0) : 0
  const end = Math.min(boxSize, bytes.byteLength)
  const brands = [ascii(bytes, 8, 12)]
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(bytes, offset, offset + 4))

  // An AVIF file may list mif1 too, so AVIF brands decide first.
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif'
  if (brands.some((brand) => HEIC_BRANDS.has(brand))) return 'heic'
  return undefined
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('utf8')
  if (head.includes('\u0000')) return false
  const text = head.replace(/^\uFEFF/, '').trimStart()
  return text.startsWith('<') && /<svg[\s>]/i.test(text)
}

/**
 * Detects the format and reads the dimensions. Returns undefined for bytes in no recognised
 * format, or when a raster header cannot be read.
 */
export function inspectImage(bytes: Uint8Array): ImageInfo | undefined {
  const format = detectFormat(bytes)
  if (!format) return undefined

  let size: { width: number; height: number } | undefined
  try {
    size = imageSize(bytes)
  } catch {
    size = undefined
  }

  if (!size && format !== 'svg') return undefined

  let frames = 1
  if (format === 'gif') frames = countGifFrames(bytes)
  if (format === 'webp') frames = countWebpFrames(bytes)

  if (!size) return { format, frames }
  return { format, width: size.width, height: size.height, frames }
}

/** Counts image descriptors by walking the GIF block structure; stops quietly at truncated data. */
export function countGifFrames(bytes: Uint8Array): number {
  let frames = 0
  let offset = 13
  const flags = bytes[10] ?? 0
  if (flags & 0x80) offset += 3 * 2 ** ((flags & 0x07) + 1)

  const skipSubBlocks = () => {
    while (offset < bytes.length) {
      const length = bytes[offset] ?? 0
      offset += 1
      if (length === 0) return
      offset += length
    }
  }

  while (offset < bytes.length) {
    const marker = bytes[offset]
    if (marker === 0x3b) break
    if (marker === 0x21) {
      offset += 2
      skipSubBlocks()
    } else if (marker === 0x2c) {
      frames += 1
      const localFlags = bytes[offset + 9] ?? 0
      offset += 10
      if (localFlags & 0x80) offset += 3 * 2 ** ((localFlags & 0x07) + 1)
      offset += 1
      skipSubBlocks()
    } else {
      break
    }
  }
  return Math.max(frames, 1)
}

/** Counts `ANMF` chunks of an animated WebP; a still WebP has none and counts as one frame. */
export function countWebpFrames(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let frames = 0
  let offset = 12
  while (offset + 8 <= bytes.length) {
    const fourcc = ascii(bytes, offset, offset + 4)
    const size = view.getUint32(offset + 4, true)
    if (fourcc === 'ANMF') frames += 1
    offset += 8 + size + (size % 2)
  }
  return Math.max(frames, 1)
}
