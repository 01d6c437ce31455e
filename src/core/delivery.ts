// Delivery URLs: `<deliveryUrl>/<accountHash>/<imageId>/<variant>`, where `deliveryUrl` is
// `https://imagedelivery.net` or a custom domain's `https://<zone>/cdn-cgi/imagedelivery`.

export const DEFAULT_DELIVERY_URL = 'https://imagedelivery.net'

/** Long option names that Cloudflare also accepts in a short form; the short form is sent. */
const SHORT_OPTION_NAMES: Readonly<Record<string, string>> = {
  width: 'w',
  height: 'h',
  quality: 'q',
  format: 'f',
}

/**
 * Options of a flexible variant, written into the URL as `name=value` pairs in the order given
 * (`{ width: 400, fit: 'cover' }` becomes `w=400,fit=cover`). Needs flexible variants enabled
 * on the account. Undefined values are left out.
 */
export interface FlexibleVariant {
  width?: number
  height?: number
  fit?: 'scale-down' | 'contain' | 'cover' | 'crop' | 'pad'
  quality?: number
  format?: 'auto' | 'avif' | 'webp' | 'json' | 'jpeg' | 'baseline-jpeg'
  gravity?: string
  dpr?: number
  blur?: number
  sharpen?: number
  anim?: boolean
  metadata?: 'keep' | 'copyright' | 'none'
  [option: string]: string | number | boolean | undefined
}

export interface DeliveryUrlInput {
  /** `https://imagedelivery.net` or `https://<zone>/cdn-cgi/imagedelivery`; a trailing `/` is ignored. */
  deliveryUrl: string
  accountHash: string
  id: string
  /** A named variant such as `public`, or flexible variant options. */
  variant: string | FlexibleVariant
}

// RFC 3986 `pchar` minus `%`: every character a path segment may contain unencoded.
const SEGMENT_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@]/

/** Percent-encodes the characters a path segment may not contain unencoded. `%` becomes `%25`, and `/` stays. */
export function encodeImageIdForPath(id: string): string {
  let encoded = ''
  for (const character of id) {
    if (character === '/' || SEGMENT_SAFE.test(character)) {
      encoded += character
    } else {
      encoded += encodeURIComponent(character)
    }
  }
  return encoded
}

const OPTION_NAME = /^[a-z][a-z-]*$/
// No '#', '?', '/', ',' or '%': they would end or split the path segment.
const OPTION_VALUE = /^[A-Za-z0-9._-]+$/

/** Writes flexible variant options as Cloudflare's comma-separated `name=value` list. */
export function formatFlexibleVariant(options: FlexibleVariant): string {
  const pairs: string[] = []
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue

    if (!OPTION_NAME.test(name)) {
      throw new TypeError(`Invalid flexible variant option name ${JSON.stringify(name)}: expected lowercase letters and '-'.`)
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError(`Invalid flexible variant option ${name}: expected a finite number, received ${value}.`)
    }
    const text = String(value)
    if (!OPTION_VALUE.test(text)) {
      throw new TypeError(
        `Invalid flexible variant option ${name}=${JSON.stringify(text)}: values may contain only letters, digits, '.', '_' and '-'.`,
      )
    }
    pairs.push(`${SHORT_OPTION_NAMES[name] ?? name}=${text}`)
  }

  if (pairs.length === 0) {
    throw new TypeError('Invalid flexible variant: it has no options. Give at least one option, such as { width: 400 }.')
  }
  return pairs.join(',')
}

const NAMED_VARIANT = /^[A-Za-z0-9_-]+$/

/** Expected form of variant text, for error messages. */
export const VARIANT_EXPECTED = 'a variant name such as "public", or flexible options such as "w=400,q=80"'

/**
 * Reads variant text into what `buildDeliveryUrl` takes, or undefined when the text is neither a
 * named variant nor `name=value` pairs joined by commas. It checks names and values with the
 * patterns that `formatFlexibleVariant` uses, so `buildDeliveryUrl` accepts every result.
 */
function readVariantText(text: string): string | FlexibleVariant | undefined {
  if (NAMED_VARIANT.test(text)) return text

  const options: FlexibleVariant = {}
  for (const pair of text.split(',')) {
    const parts = pair.split('=')
    if (parts.length !== 2) return undefined

    const [name = '', value = ''] = parts
    if (!OPTION_NAME.test(name) || !OPTION_VALUE.test(value)) return undefined
    options[name] = value
  }
  return options
}

/** Checks variant text as users write it: a named variant (`thumbnail`) or flexible options (`w=400,fit=cover`). */
export function isVariantText(text: string): boolean {
  return readVariantText(text) !== undefined
}

/**
 * Parses variant text as users write it in options, queries, HTML attributes and flags. A named
 * variant stays a string, and flexible options become an object with the pairs in the order
 * written (`w=400,fit=cover` becomes `{ w: '400', fit: 'cover' }`). Throws a `TypeError` that
 * names `name`, the setting the text came from, for text that is neither.
 */
export function parseVariant(text: string, name = 'variant'): string | FlexibleVariant {
  const variant = readVariantText(text)
  if (variant === undefined) {
    throw new TypeError(`Invalid ${name} ${JSON.stringify(text)}: expected ${VARIANT_EXPECTED}.`)
  }
  return variant
}

function formatVariant(variant: string | FlexibleVariant): string {
  if (typeof variant !== 'string') return formatFlexibleVariant(variant)

  if (!NAMED_VARIANT.test(variant)) {
    throw new TypeError(
      `Invalid variant ${JSON.stringify(variant)}: a named variant contains only letters, digits, '_' and '-'. Use an object for flexible variant options.`,
    )
  }
  return variant
}

function normaliseDeliveryUrl(deliveryUrl: string): string {
  let parsed: URL
  try {
    parsed = new URL(deliveryUrl)
  } catch {
    throw new TypeError(`Invalid deliveryUrl ${JSON.stringify(deliveryUrl)}: expected an absolute URL such as ${DEFAULT_DELIVERY_URL}.`)
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`Invalid deliveryUrl ${JSON.stringify(deliveryUrl)}: expected an http or https URL.`)
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new TypeError(`Invalid deliveryUrl ${JSON.stringify(deliveryUrl)}: remove the query and fragment.`)
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`
}

/** Builds the delivery URL of an image. A variant segment is always present, because Cloudflare returns 400 without one. */
export function buildDeliveryUrl(input: DeliveryUrlInput): string {
  const base = normaliseDeliveryUrl(input.deliveryUrl)

  if (!/^[A-Za-z0-9_-]+$/.test(input.accountHash)) {
    throw new TypeError(`Invalid accountHash ${JSON.stringify(input.accountHash)}: expected the account hash from the Images dashboard (letters, digits, '_' and '-').`)
  }
  if (input.id === '' || input.id.startsWith('/') || input.id.endsWith('/')) {
    throw new TypeError(`Invalid image id ${JSON.stringify(input.id)}: it must be non-empty and must not start or end with '/'.`)
  }

  return `${base}/${input.accountHash}/${encodeImageIdForPath(input.id)}/${formatVariant(input.variant)}`
}

/** One `srcset` candidate: a URL and its width (`400w`) or density (`2x`) descriptor. */
export interface SrcsetCandidate {
  url: string
  descriptor: string
}

const DESCRIPTOR = /^(?:[1-9][0-9]*w|(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)x)$/

/**
 * Joins `srcset` candidates. Flexible variant URLs contain commas, which a browser reads as a
 * candidate separator unless whitespace and a descriptor follow the URL, so every candidate
 * needs an explicit descriptor and candidates are separated by `, `.
 */
export function joinSrcset(candidates: readonly SrcsetCandidate[]): string {
  return candidates
    .map(({ url, descriptor }) => {
      if (url === '' || /\s/.test(url) || url.endsWith(',') || url.startsWith(',')) {
        throw new TypeError(`Invalid srcset URL ${JSON.stringify(url)}: it must be non-empty, contain no whitespace, and not start or end with ','.`)
      }
      if (!DESCRIPTOR.test(descriptor)) {
        throw new TypeError(`Invalid srcset descriptor ${JSON.stringify(descriptor)} for ${url}: expected a width such as '400w' or a density such as '2x'.`)
      }
      return `${url} ${descriptor}`
    })
    .join(', ')
}
