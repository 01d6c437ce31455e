import path from 'node:path'
import { parse, type DefaultTreeAdapterMap } from 'parse5'
import { isSvg } from './formats.js'

type Node = DefaultTreeAdapterMap['node']

/** Returns the warning for an SVG file kept local because it is used with a `#fragment`. */
export function spriteWarning(file: string): string {
  return `${file} is used with a #fragment (an SVG sprite), so it stays local: browsers do not load <use> references from another origin.`
}

export interface SpriteSettings {
  root: string
  publicDir: string | undefined
}

/**
 * Finds SVG files that an HTML page uses with a `#fragment` (`<use href="./icons.svg#home">`).
 * Vite does not pass the fragment of an HTML reference to `renderBuiltUrl`, so the plugin looks
 * at the source HTML and keeps these files local: a browser does not load `<use>` references from
 * another origin. Returns absolute paths; a root-relative URL yields both its `root` and its
 * `publicDir` reading.
 */
export function findSvgSprites(html: string, htmlFile: string, settings: SpriteSettings): string[] {
  if (!/\.svg#/i.test(html)) return []

  const found: string[] = []
  const visit = (node: Node): void => {
    if ('attrs' in node) {
      for (const attribute of node.attrs) {
        const url = attribute.value.trim()
        const hashAt = url.indexOf('#')
        if (hashAt <= 0 || !isSvg(url) || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) continue
        found.push(...candidatePaths(url.slice(0, hashAt), htmlFile, settings))
      }
    }
    if ('childNodes' in node) for (const child of node.childNodes) visit(child)
  }
  visit(parse(html))
  return found
}

function candidatePaths(url: string, htmlFile: string, settings: SpriteSettings): string[] {
  const clean = decodeURI(url.split('?')[0]!)
  if (!clean.startsWith('/')) return [path.resolve(path.dirname(htmlFile), clean)]

  const paths = [path.join(settings.root, clean)]
  if (settings.publicDir !== undefined) paths.push(path.join(settings.publicDir, clean))
  return paths
}
