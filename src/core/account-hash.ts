import type { CloudflareImage, ImagesApi } from '../api/types.js'
import { AccountHashError } from './errors.js'

const ACCOUNT_HASH = /^[A-Za-z0-9_-]+$/

/**
 * Reads the account hash from a delivery URL of the form `<origin>/<hash>/<id>/<variant>` or
 * `<origin>/cdn-cgi/imagedelivery/<hash>/<id>/<variant>`. Undefined for any other URL.
 */
export function accountHashFromDeliveryUrl(deliveryUrl: string): string | undefined {
  let segments: string[]
  try {
    segments = new URL(deliveryUrl).pathname.split('/').filter((segment) => segment !== '')
  } catch {
    return undefined
  }

  const customDomainAt = segments.findIndex((segment, index) => segment === 'cdn-cgi' && segments[index + 1] === 'imagedelivery')
  const hash = customDomainAt === -1 ? segments[0] : segments[customDomainAt + 2]
  // The hash is followed by at least the image id and the variant.
  const rest = customDomainAt === -1 ? segments.length - 1 : segments.length - customDomainAt - 3
  if (hash === undefined || rest < 2 || !ACCOUNT_HASH.test(hash)) return undefined
  return hash
}

/** Reads the account hash from any of an image's `variants` URLs. */
export function accountHashFromImage(image: CloudflareImage): string | undefined {
  for (const url of image.variants ?? []) {
    const hash = accountHashFromDeliveryUrl(url)
    if (hash !== undefined) return hash
  }
  return undefined
}

/**
 * Finds the account hash with one list request: Cloudflare has no endpoint that returns it, but
 * every image's `variants` URLs contain it. Throws `AccountHashError` when the account has no
 * images yet.
 */
export async function discoverAccountHash(api: ImagesApi): Promise<string> {
  // 10 is the smallest page size the list endpoint accepts.
  const page = await api.listPage({ perPage: 10 })
  for (const image of page.images) {
    const hash = accountHashFromImage(image)
    if (hash !== undefined) return hash
  }

  throw new AccountHashError(
    page.images.length === 0
      ? 'Could not determine the Cloudflare Images account hash: the account has no images yet, and only image responses contain it. ' +
          'Copy the account hash from the Images page of the Cloudflare dashboard into CLOUDFLARE_IMAGES_ACCOUNT_HASH (or the accountHash option).'
      : 'Could not determine the Cloudflare Images account hash: the listed images carry no delivery URLs. ' +
          'Copy the account hash from the Images page of the Cloudflare dashboard into CLOUDFLARE_IMAGES_ACCOUNT_HASH (or the accountHash option).',
  )
}
