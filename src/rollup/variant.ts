// The `?cf-variant=` import query of the Rollup plugin. Variant text parsing lives in the core,
// next to the formatter, and is re-exported here for the plugin's modules.
import { VARIANT_QUERY } from '../shared/variant-query.js'

export { isVariantText, parseVariant, VARIANT_EXPECTED } from '../core/index.js'
export { VARIANT_QUERY }

const VARIANT_QUERY_SUFFIX = new RegExp(`^(.*)\\?${VARIANT_QUERY}=([^&#]*)$`)

/**
 * Splits `photo.png?cf-variant=thumbnail` into the path and the variant text. Returns undefined
 * for an ID without that query, or with any other query parameter.
 */
export function splitVariantQuery(id: string): { path: string; variant: string } | undefined {
  const match = VARIANT_QUERY_SUFFIX.exec(id)
  if (match === null) return undefined
  return { path: match[1]!, variant: decodeURIComponent(match[2]!) }
}
