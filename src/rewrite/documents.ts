import path from 'node:path'
import MagicString from 'magic-string'
import { escapeCssUrl, scanCssUrls, type CssUrl } from '../css/index.js'
import { findHtmlReferences, LineIndex, rewriteHtml, type HtmlReferences, type ReplaceUrl } from '../html/index.js'

/** An HTML or CSS file of the site, parsed once and rewritten with any URL mapping. */
export interface SiteDocument {
  /** Absolute path. */
  path: string
  /** Path relative to the site folder, with `/` separators. */
  name: string
  source: string
  /** `href` of the document's `<base>`, for HTML. */
  baseHref: string | undefined
  /** Returns the source with the URLs that `replaceUrl` maps replaced (`source` itself when nothing changed). */
  rewrite(replaceUrl: ReplaceUrl, removeVariantAttributes: boolean): string
}

export function isHtmlPath(filePath: string): boolean {
  return /\.html?$/i.test(filePath)
}

export function parseSiteDocument(filePath: string, name: string, source: string): SiteDocument {
  if (isHtmlPath(filePath)) {
    const references: HtmlReferences = findHtmlReferences(source)
    return {
      path: filePath,
      name,
      source,
      baseHref: references.baseHref,
      rewrite: (replaceUrl, removeVariantAttributes) => rewriteHtml(source, references, replaceUrl, { removeVariantAttributes }),
    }
  }

  const urls = scanCssUrls(source)
  return {
    path: filePath,
    name,
    source,
    baseHref: undefined,
    rewrite: (replaceUrl) => rewriteCss(source, urls, replaceUrl),
  }
}

function rewriteCss(css: string, urls: CssUrl[], replaceUrl: ReplaceUrl): string {
  const output = new MagicString(css)
  const lines = new LineIndex(css)

  for (const url of urls) {
    const newUrl = replaceUrl({ url: url.value, line: lines.lineAt(url.start), variant: undefined })
    if (newUrl !== undefined) output.update(url.start, url.end, escapeCssUrl(newUrl, url.quote))
  }

  return output.hasChanged() ? output.toString() : css
}

/** Relative path with `/` separators, as reports and manifests show it. */
export function toSiteName(dir: string, filePath: string): string {
  return path.relative(dir, filePath).split(path.sep).join('/')
}
