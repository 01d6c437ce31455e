import MagicString from 'magic-string'
import { parse, type DefaultTreeAdapterMap } from 'parse5'

type Node = DefaultTreeAdapterMap['node']

const SRCSET_ATTRIBUTES = new Set(['srcset', 'imagesrcset'])

// A root-relative candidate URL whose `%` was encoded again. It starts after the opening quote,
// a comma or white space, and ends at white space, a comma or the closing quote.
const DOUBLE_ENCODED_CANDIDATE = /(?<=["'=\s,])\/(?!\/)[^\s,"']*%25[0-9A-Fa-f]{2}[^\s,"']*/g

/**
 * Rewrites public images in `srcset` and `imagesrcset` that Vite 7 never passes to
 * `renderBuiltUrl`. Vite 7 (checked with 7.3) looks up a percent-encoded candidate such as
 * `/my%20photo.png 2x` as a public file under its encoded name, finds none, and writes the URL
 * with its `%` encoded again (`/my%2520photo.png`), without `base`. This pass decodes such a URL
 * once and gets its delivery URL from `renderPublicUrl`. A file whose name really contains `%20`
 * is still found, because the public lookup tries the literal name first. Vite 8 passes these
 * candidates to `renderBuiltUrl` itself, so there the pass finds nothing to do.
 *
 * @param renderPublicUrl returns the delivery URL of a public file URL such as `/my%20photo.png`, or undefined to keep it
 * @returns the new HTML, or undefined when nothing changed
 */
export function rewriteDoubleEncodedSrcset(html: string, renderPublicUrl: (url: string) => string | undefined): string | undefined {
  if (!html.includes('%25')) return undefined

  const document = parse(html, { sourceCodeLocationInfo: true })
  const output = new MagicString(html)
  let changed = false

  const visit = (node: Node): void => {
    if ('attrs' in node && node.sourceCodeLocation?.attrs !== undefined) {
      for (const attribute of node.attrs) {
        const location = node.sourceCodeLocation.attrs[attribute.name]
        if (!SRCSET_ATTRIBUTES.has(attribute.name) || location === undefined) continue

        const source = html.slice(location.startOffset, location.endOffset)
        const rewritten = source.replace(DOUBLE_ENCODED_CANDIDATE, (url) => renderPublicUrl(decodeOnce(url)) ?? url)
        if (rewritten !== source) {
          output.overwrite(location.startOffset, location.endOffset, rewritten)
          changed = true
        }
      }
    }
    if ('childNodes' in node) for (const child of node.childNodes) visit(child)
    if ('content' in node) visit(node.content as Node)
  }
  visit(document)

  return changed ? output.toString() : undefined
}

function decodeOnce(url: string): string {
  return url.replace(/%25([0-9A-Fa-f]{2})/g, '%$1')
}
