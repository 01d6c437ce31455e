import MagicString from 'magic-string'
import { parse, type DefaultTreeAdapterMap } from 'parse5'
import { VARIANT_ATTRIBUTE, VARIANT_QUERY } from './variant.js'

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']

/** Attributes that can hold image URLs, plus `style` for inline `url()`. */
const URL_ATTRIBUTES = new Set(['src', 'srcset', 'href', 'xlink:href', 'imagesrcset', 'content', 'poster', 'data', 'style'])

/**
 * Applies `data-cf-variant` in built HTML: inside an element that has the attribute, and inside
 * its descendants, every delivery URL that `variantSegment` matches gets that variant. The
 * nearest attribute wins. The attribute itself is removed. Edits go through parse5 source
 * locations and magic-string, so the rest of the file is left byte for byte.
 *
 * @param deliveryUrlPattern matches a delivery URL of this build with the variant as its last group
 * @param formatVariant turns the attribute's text into a variant segment, or throws a TypeError
 * @returns the new HTML, or undefined when the file has no `data-cf-variant`
 */
export function applyHtmlVariants(
  html: string,
  deliveryUrlPattern: RegExp,
  formatVariant: (text: string) => string,
): string | undefined {
  if (!html.includes(VARIANT_ATTRIBUTE)) return undefined

  const document = parse(html, { sourceCodeLocationInfo: true })
  const output = new MagicString(html)
  let changed = false

  const visit = (node: Node, inherited: string | undefined): void => {
    let variant = inherited
    if (isElement(node)) {
      const own = node.attrs.find((attribute) => attribute.name === VARIANT_ATTRIBUTE)
      const locations = node.sourceCodeLocation?.attrs
      if (own !== undefined && locations?.[VARIANT_ATTRIBUTE] !== undefined) {
        variant = formatVariant(own.value.trim())
        const location = locations[VARIANT_ATTRIBUTE]
        output.remove(precedingSpaceStart(html, location.startOffset), location.endOffset)
        changed = true
      }

      if (variant !== undefined && locations !== undefined) {
        for (const attribute of node.attrs) {
          const location = locations[attribute.name]
          if (!URL_ATTRIBUTES.has(attribute.name) || location === undefined) continue

          const source = html.slice(location.startOffset, location.endOffset)
          const rewritten = source.replace(deliveryUrlPattern, (_match, prefix: string) => prefix + variant)
          if (rewritten !== source) {
            output.overwrite(location.startOffset, location.endOffset, rewritten)
            changed = true
          }
        }
      }
    }

    for (const child of childrenOf(node)) visit(child, variant)
  }
  visit(document, undefined)

  return changed ? output.toString() : undefined
}

/**
 * Handles the query of image URLs in built HTML. Vite appends the query of an HTML reference
 * (`<img src="./a.jpg?cf-variant=thumbnail">`) after the URL that `renderBuiltUrl` returned. So a
 * `cf-variant` arrives here as `<delivery URL>/public?cf-variant=thumbnail` and becomes
 * `<delivery URL>/thumbnail`. Any other query (`?v=3`) is dropped, as it is in JS and CSS, because
 * the delivery URL already names the content.
 *
 * @returns the new HTML, or undefined when nothing changed
 */
export function applyHtmlQueries(html: string, deliveryUrlPattern: RegExp, formatVariant: (text: string) => string): string | undefined {
  if (!html.includes('?')) return undefined

  const withQuery = new RegExp(`${deliveryUrlPattern.source}(\\?[^\\s"'<>#]*)`, 'g')
  const rewritten = html.replace(withQuery, (match: string, prefix: string, query: string) => {
    const variant = new URLSearchParams(query.slice(1).replaceAll('&amp;', '&')).get(VARIANT_QUERY)
    if (variant !== null && variant !== '') return prefix + formatVariant(variant)
    return match.slice(0, match.length - query.length)
  })
  return rewritten === html ? undefined : rewritten
}

/**
 * Returns a RegExp that matches delivery URLs starting with `prefix` (the delivery URL, account
 * hash and ID prefix) followed by a content digest, with the URL up to the variant as group 1.
 */
export function deliveryUrlPattern(prefix: string): RegExp {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  // A named variant, or flexible options: `name=value` pairs joined by commas without spaces.
  const variant = '[A-Za-z0-9_-]+(?:=[A-Za-z0-9._-]+(?:,[a-z-]+=[A-Za-z0-9._-]+)*)?'
  return new RegExp(`(${escaped}[0-9a-f]{32,40}/)${variant}`, 'g')
}

function isElement(node: Node): node is Element {
  return 'tagName' in node
}

function childrenOf(node: Node): Node[] {
  const children: Node[] = 'childNodes' in node ? [...node.childNodes] : []
  if (isElement(node) && node.tagName === 'template' && 'content' in node) {
    children.push(...(node as DefaultTreeAdapterMap['template']).content.childNodes)
  }
  return children
}

function precedingSpaceStart(html: string, offset: number): number {
  let start = offset
  while (start > 0 && /\s/.test(html[start - 1]!)) start -= 1
  return start
}
