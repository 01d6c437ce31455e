import type { EmulatorState } from './state.js'
import type { StoredImage } from './stored-image.js'

/** The public delivery origin written into `variants`; clients read the account hash from it. */
export const PUBLIC_DELIVERY_ORIGIN = 'https://imagedelivery.net'

/** Writes an ID into a delivery URL: as is, with `/` kept, except `%` which becomes `%25`. */
export function encodeDeliveryId(id: string): string {
  return id.replaceAll('%', '%25')
}

/** Builds the Image object of the API (`result` of upload and get, and each list item). */
export function toApiImage(image: StoredImage, state: EmulatorState): Record<string, unknown> {
  const base = `${PUBLIC_DELIVERY_ORIGIN}/${state.accountHash}/${encodeDeliveryId(image.id)}`
  const variantNames = Object.keys(state.settings.variants).sort()
  const result: Record<string, unknown> = {
    id: image.id,
    filename: image.filename,
    uploaded: image.uploaded,
    requireSignedURLs: image.requireSignedURLs,
    variants: variantNames.map((name) => `${base}/${name}`),
  }
  if (image.meta !== undefined) result.meta = image.meta
  if (image.creator !== undefined) result.creator = image.creator
  return result
}
