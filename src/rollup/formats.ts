// The file types the Rollup plugin handles, judged by extension before any bytes are read.

/**
 * Image imports the `load` hook handles, optionally with a `?cf-variant=` query. AVIF is among
 * them only to keep it local with a warning.
 */
export const IMAGE_ID_FILTER = /\.(?:png|jpe?g|gif|webp|svg|heic|avif)(?:\?cf-variant=[^&#]*)?$/i

/**
 * Extensions of the input formats Cloudflare Images accepts on every plan. AVIF input needs an
 * Enterprise plan, so AVIF files stay local unless `limits.allowAvif` is set.
 */
const UPLOADED_EXTENSIONS = /\.(?:png|jpe?g|gif|webp|svg|heic)$/i
const AVIF_EXTENSION = /\.avif$/i

export function isImageId(id: string): boolean {
  return IMAGE_ID_FILTER.test(id)
}

export function isUploadedFormat(file: string, allowAvif = false): boolean {
  return UPLOADED_EXTENSIONS.test(file) || (allowAvif && AVIF_EXTENSION.test(file))
}
