/** Source offsets of an attribute's value. */
export interface AttributeValueRange {
  /** Offset of the first character of the value, after the opening quote. */
  start: number
  /** Offset just past the value, before the closing quote. */
  end: number
  quote: '"' | "'" | undefined
}

/**
 * Finds the value inside the source text of one attribute (`name = "value"`, as parse5's
 * location covers it). Returns undefined for an attribute written without a value.
 */
export function findAttributeValueRange(html: string, startOffset: number, endOffset: number): AttributeValueRange | undefined {
  const equals = html.indexOf('=', startOffset + 1)
  if (equals === -1 || equals >= endOffset) return undefined

  let start = equals + 1
  while (start < endOffset && /[\t\n\f\r ]/.test(html[start]!)) start++

  const quote = html[start]
  if (quote === '"' || quote === "'") return { start: start + 1, end: endOffset - 1, quote }
  return { start, end: endOffset, quote: undefined }
}

/**
 * Serialises `value` to replace the text at a range found by `findAttributeValueRange`.
 * An unquoted value that needs quotes comes back wrapped in double quotes.
 */
export function serializeAttributeValue(value: string, quote: '"' | "'" | undefined): string {
  const escaped = value.replaceAll('&', '&amp;')

  if (quote === '"') return escaped.replaceAll('"', '&quot;')
  if (quote === "'") return escaped.replaceAll("'", '&#39;')

  if (escaped !== '' && !/[\t\n\f\r "'=<>`]/.test(escaped)) return escaped
  return `"${escaped.replaceAll('"', '&quot;')}"`
}
