import MagicString from 'magic-string'
import { escapeCssUrl, scanCssUrls, type CssUrl } from '../css/index.js'
import { serializeAttributeValue } from './attribute.js'
import type { AttributeSlot, HtmlReferences } from './find.js'
import { LineIndex } from './lines.js'
import { parseSrcset, serializeSrcset } from './srcset.js'

/** One URL as written in a document, with its line and variant. */
export interface UrlOccurrence {
  /** The URL with character references and CSS escapes decoded. */
  url: string
  /** 1-based line of the URL, or of its attribute when the exact position is unknown. */
  line: number
  /** Value of the nearest `data-cf-variant`, if any. */
  variant: string | undefined
}

/** Returns the new URL for an occurrence, or undefined to leave it as it is. */
export type ReplaceUrl = (occurrence: UrlOccurrence) => string | undefined

export interface RewriteHtmlOptions {
  /** Remove every `data-cf-variant` attribute from the output. */
  removeVariantAttributes: boolean
}

/**
 * Rewrites the URLs that `replaceUrl` maps, editing only the affected attribute values and
 * style text, and returns the new source (`html` itself when nothing changed). A pass with a
 * `replaceUrl` that returns undefined visits every occurrence without editing.
 */
export function rewriteHtml(html: string, references: HtmlReferences, replaceUrl: ReplaceUrl, options: RewriteHtmlOptions): string {
  const output = new MagicString(html)
  const lines = new LineIndex(html)

  for (const slot of references.attributes) {
    const newValue = rewriteAttributeValue(slot, lines, replaceUrl, output)
    if (newValue !== undefined) output.update(slot.range.start, slot.range.end, serializeAttributeValue(newValue, slot.range.quote))
  }

  for (const style of references.styleElements) {
    for (const url of scanCssUrls(html.slice(style.start, style.end))) {
      const start = style.start + url.start
      const newUrl = replaceUrl({ url: url.value, line: lines.lineAt(start), variant: style.variant })
      if (newUrl !== undefined) output.update(start, style.start + url.end, escapeCssUrl(newUrl, url.quote))
    }
  }

  if (options.removeVariantAttributes) {
    for (const attribute of references.variantAttributes) output.remove(attribute.start, attribute.end)
  }

  return output.hasChanged() ? output.toString() : html
}

/**
 * Returns the whole new decoded value of an attribute, or undefined when it is unchanged or
 * was edited in place in `output`.
 */
function rewriteAttributeValue(slot: AttributeSlot, lines: LineIndex, replaceUrl: ReplaceUrl, output: MagicString): string | undefined {
  // Exact lines are known only where decoded offsets are source offsets.
  const lineOf = (offset: number): number => (slot.verbatim ? lines.lineAt(slot.range.start + offset) : slot.line)

  if (slot.kind === 'url') {
    const offset = slot.value.length - slot.value.trimStart().length
    const newUrl = replaceUrl({ url: slot.value.trim(), line: lineOf(offset), variant: slot.variant })
    return newUrl
  }

  if (slot.kind === 'srcset') {
    let changed = false
    const candidates = parseSrcset(slot.value).map((candidate) => {
      const newUrl = replaceUrl({ url: candidate.url, line: lineOf(candidate.start), variant: slot.variant })
      if (newUrl === undefined) return candidate
      changed = true
      return { ...candidate, url: newUrl }
    })
    return changed ? serializeSrcset(candidates) : undefined
  }

  const edits: Array<{ url: CssUrl; newUrl: string }> = []
  for (const url of scanCssUrls(slot.value)) {
    const newUrl = replaceUrl({ url: url.value, line: lineOf(url.start), variant: slot.variant })
    if (newUrl !== undefined) edits.push({ url, newUrl })
  }
  if (edits.length === 0) return undefined

  // A quoted value written without character references can take the new URLs in place, which
  // leaves the rest of the declaration byte for byte as it was.
  if (slot.verbatim && slot.range.quote !== undefined) {
    for (const { url, newUrl } of edits) {
      const text = serializeAttributeValue(escapeCssUrl(newUrl, url.quote), slot.range.quote)
      output.update(slot.range.start + url.start, slot.range.start + url.end, text)
    }
    return undefined
  }

  let value = slot.value
  for (const { url, newUrl } of edits.reverse()) {
    value = value.slice(0, url.start) + escapeCssUrl(newUrl, url.quote) + value.slice(url.end)
  }
  return value
}
