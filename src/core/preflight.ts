import { readFile, stat } from 'node:fs/promises'
import { imageSize } from 'image-size'
import type { ImageFormat, ImageInfo, ImageSource, Limits } from './types.js'
import { PreflightError } from './errors.js'
import { countGifFrames, countWebpFrames } from './frames.js'
import { isLfsPointer, sniffFormat } from './image-format.js'
import { resolveLimits } from './limits.js'

const MEBIBYTE = 1024 * 1024

function formatCount(value: number): string {
  return value.toLocaleString('en-US')
}

function formatMegabytes(bytes: number): string {
  const megabytes = bytes / MEBIBYTE
  return `${Number.isInteger(megabytes) ? megabytes : megabytes.toFixed(1)} MB`
}

async function readSourceBytes(source: ImageSource, limits: Limits): Promise<Uint8Array> {
  if (source.bytes) return source.bytes
  if (source.path === undefined) {
    throw new TypeError(`Image source ${JSON.stringify(source.name)} has neither bytes nor a path.`)
  }

  try {
    // Check the size before reading, so an oversized file is never loaded into memory.
    const { size } = await stat(source.path)
    if (size > limits.maxBytes) throw tooLarge(source.name, size, limits)
    return await readFile(source.path)
  } catch (error) {
    if (error instanceof PreflightError) throw error
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new PreflightError(
      'PREFLIGHT_UNREADABLE',
      source.name,
      `${source.name}: the image file could not be read (${reason}). Check that it exists and is readable.`,
      { cause: error },
    )
  }
}

function tooLarge(file: string, bytes: number, limits: Limits): PreflightError {
  return new PreflightError(
    'PREFLIGHT_TOO_LARGE',
    file,
    `${file}: ${formatMegabytes(bytes)} (${formatCount(bytes)} bytes) is over the ${formatMegabytes(limits.maxBytes)} ` +
      `(${formatCount(limits.maxBytes)} bytes) file size limit of Cloudflare Images. Compress or resize the image, or exclude it.`,
  )
}

function detectFormat(file: string, bytes: Uint8Array, limits: Limits): ImageFormat {
  const sniffed = sniffFormat(bytes)
  if (sniffed.kind === 'rejected') {
    throw new PreflightError(
      'PREFLIGHT_UNSUPPORTED_FORMAT',
      file,
      `${file}: ${sniffed.formatName} is not an input format of Cloudflare Images, which accepts PNG, JPEG, GIF, WebP, SVG and HEIC. ` +
        'Convert the image to one of these, or exclude it.',
    )
  }
  if (sniffed.kind === 'unknown') {
    throw new PreflightError(
      'PREFLIGHT_UNSUPPORTED_FORMAT',
      file,
      `${file}: the content is not a PNG, JPEG, GIF, WebP, SVG or HEIC image (the format is read from the bytes, not the extension). ` +
        'Check that the file is a valid image, or exclude it.',
    )
  }
  if (sniffed.format === 'avif' && !limits.allowAvif) {
    throw new PreflightError(
      'PREFLIGHT_AVIF_NOT_ALLOWED',
      file,
      `${file}: AVIF input is accepted only on Cloudflare Enterprise plans (limits.allowAvif is false). ` +
        'Set limits.allowAvif to true if your plan accepts AVIF, or convert the image to WebP or PNG.',
    )
  }
  return sniffed.format
}

interface Dimensions {
  width: number
  height: number
}

function measure(file: string, format: ImageFormat, bytes: Uint8Array): Dimensions {
  let size: { width?: number; height?: number } | undefined
  try {
    size = imageSize(bytes)
  } catch (error) {
    // NOTE: Cloudflare serves SVGs as they are and never resizes them. So an SVG without a
    // readable width, height or viewBox passes with unknown (0 x 0) dimensions.
    if (format === 'svg') return { width: 0, height: 0 }
    throw corrupt(file, format, error)
  }

  const { width, height } = size
  if (!isPositiveInteger(width) || !isPositiveInteger(height)) {
    if (format === 'svg') return { width: 0, height: 0 }
    throw corrupt(file, format, undefined)
  }
  return { width, height }
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}

function corrupt(file: string, format: ImageFormat, cause: unknown): PreflightError {
  return new PreflightError(
    'PREFLIGHT_CORRUPT',
    file,
    `${file}: the ${format.toUpperCase()} header is corrupt or truncated, so its width and height could not be read. ` +
      'Re-export the image from its source, or exclude it.',
    { cause },
  )
}

function countFrames(format: ImageFormat, bytes: Uint8Array): number {
  if (format === 'gif') return Math.max(countGifFrames(bytes), 1)
  if (format === 'webp') return countWebpFrames(bytes)
  return 1
}

function checkPixels(file: string, info: ImageInfo, limits: Limits): void {
  const longest = Math.max(info.width, info.height)
  const maxDimension = info.format === 'avif' ? Math.min(limits.maxDimension, limits.maxAvifDimension) : limits.maxDimension
  if (longest > maxDimension) {
    const which = info.format === 'avif' ? 'AVIF images' : 'Cloudflare Images'
    throw new PreflightError(
      'PREFLIGHT_DIMENSION_TOO_LARGE',
      file,
      `${file}: ${info.width} x ${info.height} px has a side of ${formatCount(longest)} px, over the ` +
        `${formatCount(maxDimension)} px limit of ${which} on the longest side. Resize the image, or exclude it.`,
    )
  }

  // Cloudflare sums the areas of all frames. Its example multiplies the canvas by the frame
  // count, which is also what this check does: an upper bound when frames are smaller.
  const frames = info.frames ?? 1
  const pixels = info.width * info.height * frames
  if (pixels > limits.maxPixels) {
    const frameText = frames > 1 ? ` x ${formatCount(frames)} frames` : ''
    throw new PreflightError(
      'PREFLIGHT_TOO_MANY_PIXELS',
      file,
      `${file}: ${info.width} x ${info.height} px${frameText} is ${formatCount(pixels)} pixels, over the ` +
        `${formatCount(limits.maxPixels)} pixel limit of Cloudflare Images. Resize the image${frames > 1 ? ' or drop frames' : ''}, or exclude it.`,
    )
  }
}

/**
 * Checks an image against the input limits of Cloudflare Images before any request: empty
 * files, Git LFS pointers, file size, format (read from the bytes), corrupt headers, the
 * longest side and the pixel count. Throws a `PreflightError` with a stable `code` naming the
 * file, the limit and the value. Each entry of `limits` overrides one of `DEFAULT_LIMITS`.
 */
export async function inspectImage(source: ImageSource, limits: Partial<Limits> = {}): Promise<ImageInfo> {
  const resolved = resolveLimits(limits)
  const file = source.name
  const bytes = await readSourceBytes(source, resolved)

  if (bytes.length === 0) {
    throw new PreflightError('PREFLIGHT_EMPTY_FILE', file, `${file}: the file is empty (0 bytes). Replace it with the real image, or exclude it.`)
  }
  if (isLfsPointer(bytes)) {
    throw new PreflightError(
      'PREFLIGHT_LFS_POINTER',
      file,
      `${file}: the file is a Git LFS pointer (${formatCount(bytes.length)} bytes of text), not the image. ` +
        'Run `git lfs pull` (in CI, check out with LFS enabled) before building.',
    )
  }
  if (bytes.length > resolved.maxBytes) throw tooLarge(file, bytes.length, resolved)

  const format = detectFormat(file, bytes, resolved)
  const { width, height } = measure(file, format, bytes)
  const info: ImageInfo = { format, bytes: bytes.length, width, height }
  const frames = countFrames(format, bytes)
  if (frames > 1) info.frames = frames

  checkPixels(file, info, resolved)
  return info
}
