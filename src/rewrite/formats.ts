import path from 'node:path'

// Extensions of the formats Cloudflare Images accepts. AVIF is only accepted on Enterprise
// plans, and HEIF is the container format of HEIC. The core's preflight decides by the bytes.
const UPLOADABLE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.jpe', '.jfif', '.pjpeg', '.pjp', '.gif', '.webp', '.svg', '.heic', '.heif', '.avif'])

// Image formats that stay local because Cloudflare Images rejects them.
const UNSUPPORTED_EXTENSIONS = new Set(['.ico', '.cur', '.bmp', '.tif', '.tiff'])

export type ImageKind = 'uploadable' | 'unsupported'

/** Classifies a path by its extension, case-insensitively. Returns undefined when it is not an image. */
export function classifyImagePath(filePath: string): ImageKind | undefined {
  const extension = path.extname(filePath).toLowerCase()
  if (UPLOADABLE_EXTENSIONS.has(extension)) return 'uploadable'
  if (UNSUPPORTED_EXTENSIONS.has(extension)) return 'unsupported'
  return undefined
}

export function isSvgPath(filePath: string): boolean {
  return path.extname(filePath).toLowerCase() === '.svg'
}
