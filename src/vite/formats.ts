import { formatFromFileName } from '../core/index.js'

// Which files the plugin sends to Cloudflare Images, judged by extension before any bytes are read.

/** Removes a `?query` and a `#fragment` from a file name or URL. */
export function stripQueryAndHash(file: string): string {
  const end = file.search(/[?#]/)
  return end === -1 ? file : file.slice(0, end)
}

/** Returns the `?query#fragment` tail of a file name or URL, or an empty string. */
export function queryAndHash(file: string): string {
  const end = file.search(/[?#]/)
  return end === -1 ? '' : file.slice(end)
}

export function extensionOf(file: string): string {
  const name = stripQueryAndHash(file)
  const slash = name.lastIndexOf('/')
  const dot = name.lastIndexOf('.')
  return dot > slash ? name.slice(dot).toLowerCase() : ''
}

/**
 * Checks by extension whether Cloudflare Images accepts the file's format (PNG, JPEG, GIF, WebP,
 * SVG, HEIC). AVIF is accepted only on Enterprise plans, so it stays local unless `allowAvif` is
 * set for an account that accepts it. TIFF, BMP and ICO always stay local.
 */
export function isAcceptedImage(file: string, allowAvif = false): boolean {
  return formatFromFileName(file, { allowAvif }) !== undefined
}

export function isSvg(file: string): boolean {
  return extensionOf(file) === '.svg'
}
