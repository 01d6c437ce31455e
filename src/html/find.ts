import { parse, type DefaultTreeAdapterMap } from 'parse5'
import { findAttributeValueRange, type AttributeValueRange } from './attribute.js'

type Element = DefaultTreeAdapterMap['element']
type ParentNode = DefaultTreeAdapterMap['parentNode']

const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml'
const SVG_NAMESPACE = 'http://www.w3.org/2000/svg'

/** Element attribute that chooses the Cloudflare variant for every image URL on the element and inside it. */
export const VARIANT_ATTRIBUTE = 'data-cf-variant'

const ICON_RELATIONS = new Set(['icon', 'apple-touch-icon', 'apple-touch-icon-precomposed'])
const OPEN_GRAPH_IMAGE_PROPERTIES = new Set(['og:image', 'og:image:url', 'og:image:secure_url'])
const TWITTER_IMAGE_NAMES = new Set(['twitter:image', 'twitter:image:src'])

/** Syntax of a slot's value: one URL, a `srcset`, or CSS declarations. */
export type SlotKind = 'url' | 'srcset' | 'style'

/** An attribute value that may contain image URLs. */
export interface AttributeSlot {
  kind: SlotKind
  /** Attribute name as parse5 reports it, such as `src` or `xlink:href`. */
  attribute: string
  /** The value with character references decoded. */
  value: string
  range: AttributeValueRange
  /** Whether the source text of the value equals the decoded value, so decoded offsets are source offsets. */
  verbatim: boolean
  line: number
  variant: string | undefined
}

/** The raw text of a `<style>` element, whose offsets are source offsets. */
export interface StyleElementSlot {
  start: number
  end: number
  variant: string | undefined
}

export interface HtmlReferences {
  attributes: AttributeSlot[]
  styleElements: StyleElementSlot[]
  /** Source ranges of every `data-cf-variant` attribute, including the whitespace before it. */
  variantAttributes: Array<{ start: number; end: number }>
  /** `href` of the first `<base>` element, which changes how relative URLs resolve. */
  baseHref: string | undefined
}

/** Parses `html` and lists every place that may name an image, without changing anything. */
export function findHtmlReferences(html: string): HtmlReferences {
  // Scripting off makes parse5 parse <noscript> content as elements, because lazy-loading markup puts the real <img> there.
  const document = parse(html, { sourceCodeLocationInfo: true, scriptingEnabled: false })
  const references: HtmlReferences = { attributes: [], styleElements: [], variantAttributes: [], baseHref: undefined }
  visitChildren(html, document, undefined, references)
  return references
}

function visitChildren(html: string, parent: ParentNode, variant: string | undefined, references: HtmlReferences): void {
  for (const node of parent.childNodes) {
    if (!('tagName' in node)) continue
    visitElement(html, node, variant, references)
  }
}

function visitElement(html: string, element: Element, inheritedVariant: string | undefined, references: HtmlReferences): void {
  const variant = readVariant(html, element, references) ?? inheritedVariant

  for (const slot of imageAttributes(element)) {
    const attributeSlot = makeAttributeSlot(html, element, slot.name, slot.kind, variant)
    if (attributeSlot) references.attributes.push(attributeSlot)
  }

  const style = makeAttributeSlot(html, element, 'style', 'style', variant)
  if (style) references.attributes.push(style)

  if (element.tagName === 'base' && element.namespaceURI === HTML_NAMESPACE && references.baseHref === undefined) {
    references.baseHref = attributeValue(element, 'href')
  }

  if (element.tagName === 'style') collectStyleText(html, element, variant, references)

  visitChildren(html, element, variant, references)
  if ('content' in element) visitChildren(html, (element as DefaultTreeAdapterMap['template']).content, variant, references)
}

/** Lists the attributes of `element` that may contain image URLs, by the rules for its tag. */
function imageAttributes(element: Element): Array<{ name: string; kind: SlotKind }> {
  if (element.namespaceURI === SVG_NAMESPACE) {
    if (element.tagName !== 'image') return []
    return [
      { name: 'href', kind: 'url' },
      { name: 'xlink:href', kind: 'url' },
    ]
  }

  if (element.namespaceURI !== HTML_NAMESPACE) return []

  switch (element.tagName) {
    case 'img':
    case 'source':
      return [
        { name: 'src', kind: 'url' },
        { name: 'srcset', kind: 'srcset' },
      ]
    case 'video':
      return [{ name: 'poster', kind: 'url' }]
    case 'link':
      return linkAttributes(element)
    case 'meta':
      return isImageMeta(element) ? [{ name: 'content', kind: 'url' }] : []
    default:
      return []
  }
}

function linkAttributes(element: Element): Array<{ name: string; kind: SlotKind }> {
  const relations = (attributeValue(element, 'rel') ?? '').toLowerCase().split(/[\t\n\f\r ]+/)

  if (relations.some((relation) => ICON_RELATIONS.has(relation))) return [{ name: 'href', kind: 'url' }]

  const preloadsImage = relations.includes('preload') && attributeValue(element, 'as')?.trim().toLowerCase() === 'image'
  if (preloadsImage) {
    return [
      { name: 'href', kind: 'url' },
      { name: 'imagesrcset', kind: 'srcset' },
    ]
  }

  return []
}

/** Open Graph tags are specified with `property`, but many sites write `name`. Both attributes are accepted for both families. */
function isImageMeta(element: Element): boolean {
  const keys = [attributeValue(element, 'property'), attributeValue(element, 'name')]
  return keys.some((key) => {
    const normalized = key?.trim().toLowerCase() ?? ''
    return OPEN_GRAPH_IMAGE_PROPERTIES.has(normalized) || TWITTER_IMAGE_NAMES.has(normalized)
  })
}

function readVariant(html: string, element: Element, references: HtmlReferences): string | undefined {
  const value = attributeValue(element, VARIANT_ATTRIBUTE)
  const location = element.sourceCodeLocation?.attrs?.[VARIANT_ATTRIBUTE]
  if (value === undefined || !location) return undefined

  // Remove the whitespace before the attribute too, so `<img a data-cf-variant=x>` becomes `<img a>`.
  let start = location.startOffset
  while (start > 0 && /[\t\n\f\r ]/.test(html[start - 1]!)) start--
  references.variantAttributes.push({ start, end: location.endOffset })

  return value.trim() || undefined
}

function makeAttributeSlot(html: string, element: Element, name: string, kind: SlotKind, variant: string | undefined): AttributeSlot | undefined {
  const value = attributeValue(element, name)
  const location = element.sourceCodeLocation?.attrs?.[name]
  if (value === undefined || !location) return undefined

  const range = findAttributeValueRange(html, location.startOffset, location.endOffset)
  if (!range) return undefined

  return {
    kind,
    attribute: name,
    value,
    range,
    verbatim: html.slice(range.start, range.end) === value,
    line: location.startLine,
    variant,
  }
}

function collectStyleText(html: string, element: Element, variant: string | undefined, references: HtmlReferences): void {
  for (const child of element.childNodes) {
    if (child.nodeName !== '#text' || !child.sourceCodeLocation) continue
    const { startOffset, endOffset } = child.sourceCodeLocation

    // An SVG <style> is ordinary text in which character references were decoded, so its offsets may not be source offsets.
    if (html.slice(startOffset, endOffset) !== (child as DefaultTreeAdapterMap['textNode']).value) continue

    references.styleElements.push({ start: startOffset, end: endOffset, variant })
  }
}

/** Reads an attribute by the name parse5's location map uses (`xlink:href` for the prefixed form). */
function attributeValue(element: Element, name: string): string | undefined {
  const attribute = element.attrs.find((candidate) => (candidate.prefix ? `${candidate.prefix}:${candidate.name}` : candidate.name) === name)
  return attribute?.value
}
