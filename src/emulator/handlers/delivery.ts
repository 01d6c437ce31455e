import { sendPlainError } from '../envelope.js'
import { PLACEHOLDER_PNG } from '../placeholder.js'
import type { RequestContext } from '../state.js'

/** Cloudflare's default browser cache TTL for delivered images: 2 days. */
const DELIVERY_CACHE_CONTROL = 'public, max-age=172800'

/** Lets a page served from another loopback port load and fetch the images. */
const CORS_HEADERS = { 'access-control-allow-origin': '*' }

/** 9401 is Cloudflare's code for missing or invalid transformation options. */
const MISSING_VARIANT = 'Missing variant: the URL must end with /<image id>/<variant name or options>'

/** One `key=value` option of a flexible variant, such as `w=400` or `fit=cover`. */
const FLEXIBLE_OPTION = /^[a-z][a-z-]*=[^,=]+$/i

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * `GET /cdn-cgi/imagedelivery/<hash>/<id>/<variant>`: serves the original bytes for any
 * accepted variant. The emulator never resizes, so a variant only decides whether the
 * request is allowed.
 */
export async function handleDelivery({ req, res, route, state }: RequestContext): Promise<void> {
  const segments = (route.deliverySegments ?? []).map(decodeSegment)
  const [hash, ...rest] = segments

  if (hash !== state.accountHash) {
    sendPlainError(res, 404, 9431, 'Image not found', CORS_HEADERS)
    return
  }

  const variant = rest.length >= 2 ? rest[rest.length - 1] : undefined
  const id = rest.slice(0, -1).join('/')
  if (variant === undefined || variant === '') {
    sendPlainError(res, 400, 9401, MISSING_VARIANT, CORS_HEADERS)
    return
  }

  const image = state.store.get(id)
  if (!image) {
    // `/<hash>/<id>` where <id> itself contains a slash reads like an ID plus a variant.
    const missingVariant = state.store.get(rest.join('/')) !== undefined
    if (missingVariant) sendPlainError(res, 400, 9401, MISSING_VARIANT, CORS_HEADERS)
    else sendPlainError(res, 404, 9431, 'Image not found', CORS_HEADERS)
    return
  }

  if (image.requireSignedURLs) {
    // NOTE: signed URLs are not emulated, so an image that requires them is never delivered.
    sendPlainError(res, 403, 9425, 'Access denied: this image requires a signed URL, which the emulator does not verify', CORS_HEADERS)
    return
  }

  if (variant.includes('=')) {
    if (!state.settings.flexibleVariants) {
      sendPlainError(res, 403, 9429, 'Flexible variants are disabled for this account: enable them with PATCH /images/v1/config {"flexible_variants": true}', CORS_HEADERS)
      return
    }
    const invalid = variant.split(',').find((option) => !FLEXIBLE_OPTION.test(option))
    if (invalid !== undefined) {
      sendPlainError(res, 400, 9401, `Invalid flexible variant option ${JSON.stringify(invalid)}: expected key=value pairs separated by commas`, CORS_HEADERS)
      return
    }
  } else if (!state.settings.variants[variant]) {
    sendPlainError(res, 404, 9431, `Variant not found: ${variant}`, CORS_HEADERS)
    return
  }

  const bytes = (await state.store.readBytes(image)) ?? PLACEHOLDER_PNG
  res.writeHead(200, {
    ...CORS_HEADERS,
    'content-type': image.hasBytes ? image.contentType : 'image/png',
    'content-length': String(bytes.byteLength),
    'cache-control': DELIVERY_CACHE_CONTROL,
  })
  res.end(req.method === 'HEAD' ? undefined : bytes)
}
