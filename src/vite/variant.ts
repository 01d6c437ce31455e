import { formatFlexibleVariant, parseVariant } from '../core/index.js'
import { VARIANT_QUERY } from '../shared/variant-query.js'

export { parseVariant, VARIANT_QUERY }

/** HTML attribute that picks the variant of an element's URLs and of its descendants' URLs. */
export const VARIANT_ATTRIBUTE = 'data-cf-variant'

/** Reads `cf-variant` from the `?query#fragment` tail of a file name; undefined when it is absent. */
export function variantFromQuery(tail: string): string | undefined {
  const queryEnd = tail.indexOf('#')
  const query = queryEnd === -1 ? tail : tail.slice(0, queryEnd)
  if (!query.startsWith('?')) return undefined

  const value = new URLSearchParams(query.slice(1)).get(VARIANT_QUERY)
  return value === null || value === '' ? undefined : value
}

/**
 * Writes variant text as the last path segment of a delivery URL: a named variant as is, flexible
 * options through the core's formatter. Throws a TypeError for text that is neither.
 */
export function formatVariantSegment(text: string): string {
  const variant = parseVariant(text)
  return typeof variant === 'string' ? variant : formatFlexibleVariant(variant)
}
