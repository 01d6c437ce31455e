import type { ImageFormat } from './types.js'

/** Result of sniffing the first bytes of a file. */
export type SniffResult =
  | { kind: 'accepted'; format: ImageFormat }
  /** A recognised image format that Cloudflare Images does not take as input. */
  | { kind: 'rejected'; formatName: string }
  | { kind: 'unknown' }

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs'])
const AVIF_BRANDS = new Set(['avif', 'avis'])
const GENERIC_HEIF_BRANDS = new Set(['mif1', 'msf1'])

/** Git LFS pointer files start with this line instead of the image bytes. */
export const LFS_POINTER_PREFIX = 'version https://git-lfs.github.com/spec/'

function startsWith(bytes: Uint8Array, expected: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + expected.length) return false
  return expected.every((byte, index) => bytes[offset + index] === byte)
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)))
}

export function isLfsPointer(bytes: Uint8Array): boolean {
  return ascii(bytes, 0, LFS_POINTER_PREFIX.length) === LFS_POINTER_PREFIX
}

/** Reads the brands of an ISO base media `ftyp` box (HEIF, AVIF). Undefined when there is none. */
function ftypBrands(bytes: Uint8Array): { major: string; compatible: string[] } | undefined {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return undefined

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const boxSize = Math.min(view.getUint32(0), bytes.length)
  const compatible: string[] = []
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) {
    compatible.push(ascii(bytes, offset, offset + 4))
  }
  return { major: ascii(bytes, 8, 12), compatible }
}

function sniffHeifFamily(bytes: Uint8Array): SniffResult | undefined {
  const brands = ftypBrands(bytes)
  if (!brands) return undefined

  const { major, compatible } = brands
  if (AVIF_BRANDS.has(major)) return { kind: 'accepted', format: 'avif' }
  if (HEIC_BRANDS.has(major)) return { kind: 'accepted', format: 'heic' }
  if (GENERIC_HEIF_BRANDS.has(major)) {
    // A generic HEIF major brand leaves the codec to the compatible brands.
    const isAvif = compatible.some((brand) => AVIF_BRANDS.has(brand)) && !compatible.some((brand) => HEIC_BRANDS.has(brand))
    return { kind: 'accepted', format: isAvif ? 'avif' : 'heic' }
  }
  return undefined
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  // An SVG is XML text whose root element is <svg>. A prolog (XML declaration, comments, a
  // doctype) may come first, so look at the start of the text rather than at fixed bytes.
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 64 * 1024)).replace(/^\uFEFF/, '').trimStart()
  if (!head.startsWith('<') || head.includes('\u0000')) return false
  return /<svg[\s>/]/.test(head)
}

function sniffRejected(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'TIFF'
  if (startsWith(bytes, [0x42, 0x4d])) return 'BMP'
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00])) return 'ICO'
  if (startsWith(bytes, [0x00, 0x00, 0x02, 0x00])) return 'CUR'
  if (startsWith(bytes, [0xff, 0x0a]) || (ascii(bytes, 4, 8) === 'JXL ')) return 'JPEG XL'
  if (ascii(bytes, 0, 4) === '8BPS') return 'PSD'
  if (ascii(bytes, 0, 5) === '%PDF-') return 'PDF'
  if (ascii(bytes, 4, 8) === 'ftyp') return `ISO media (brand ${JSON.stringify(ascii(bytes, 8, 12))})`
  return undefined
}

/** Identifies the image format from the file's bytes, never from its name. */
export function sniffFormat(bytes: Uint8Array): SniffResult {
  if (startsWith(bytes, PNG_SIGNATURE)) return { kind: 'accepted', format: 'png' }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'accepted', format: 'jpeg' }
  const six = ascii(bytes, 0, 6)
  if (six === 'GIF87a' || six === 'GIF89a') return { kind: 'accepted', format: 'gif' }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return { kind: 'accepted', format: 'webp' }

  const heif = sniffHeifFamily(bytes)
  if (heif) return heif

  const rejected = sniffRejected(bytes)
  if (rejected) return { kind: 'rejected', formatName: rejected }

  if (looksLikeSvg(bytes)) return { kind: 'accepted', format: 'svg' }
  return { kind: 'unknown' }
}

const EXTENSION_FORMATS: Readonly<Record<string, ImageFormat>> = {
  png: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  jfif: 'jpeg',
  pjpeg: 'jpeg',
  pjp: 'jpeg',
  gif: 'gif',
  webp: 'webp',
  svg: 'svg',
  heic: 'heic',
  heif: 'heic',
  avif: 'avif',
}

/**
 * Guesses the format of a file from its extension (case-insensitive, after stripping any
 * `?query` or `#hash`), for hooks that must decide before reading bytes. Returns undefined for
 * names without an accepted image extension, and for AVIF unless `allowAvif` is set.
 */
export function formatFromFileName(fileName: string, options: { allowAvif?: boolean } = {}): ImageFormat | undefined {
  const bare = fileName.replace(/[?#].*$/s, '')
  const dot = bare.lastIndexOf('.')
  if (dot === -1 || dot < bare.lastIndexOf('/')) return undefined

  const format = EXTENSION_FORMATS[bare.slice(dot + 1).toLowerCase()]
  if (format === 'avif' && !options.allowAvif) return undefined
  return format
}
