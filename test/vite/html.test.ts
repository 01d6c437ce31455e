import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parse, type DefaultTreeAdapterMap } from 'parse5'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { createProject, deliveryUrls, emulatorOptions, filesEndingWith, removeProject, runBuild, writeImages, type BuildResult } from './helpers.js'

const IMAGES = [
  'src/images/icon.png',
  'src/images/hero.jpg',
  'src/images/hero-2x.jpg',
  'src/images/og.png',
  'src/images/twitter.png',
  'src/images/banner.png',
  'src/images/w-400.png',
  'src/images/inline-style.png',
  'src/images/about.png',
]

type Element = DefaultTreeAdapterMap['element']

let emulator: EmulatorHandle
let root: string
let result: BuildResult
let index: string
let about: string

/** Lists every element of an HTML document, in document order. */
function elements(html: string): Element[] {
  const found: Element[] = []
  const visit = (node: DefaultTreeAdapterMap['node']): void => {
    if ('tagName' in node) found.push(node)
    if ('childNodes' in node) for (const child of node.childNodes) visit(child)
  }
  visit(parse(html))
  return found
}

function attribute(element: Element | undefined, name: string): string | undefined {
  return element?.attrs.find((item) => item.name === name)?.value
}

function byId(html: string, id: string): Element | undefined {
  return elements(html).find((element) => attribute(element, 'id') === id)
}

beforeAll(async () => {
  emulator = await startEmulator()
  root = await createProject('vite-html')
  await writeImages(root, IMAGES)
  // Not an image Cloudflare accepts; random bytes keep it over the inline limit.
  await writeFile(path.join(root, 'src/images/favicon.ico'), randomBytes(6000))

  result = await runBuild({
    root,
    plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }),
    config: {
      build: {
        manifest: true,
        rollupOptions: { input: { main: path.join(root, 'index.html'), about: path.join(root, 'about/index.html') } },
      },
    },
  })
  index = result.files.get('index.html')!
  about = result.files.get('about/index.html')!
})

afterAll(async () => {
  await emulator?.close()
  if (root !== undefined) await removeProject(root)
})

describe('HTML image references', () => {
  const prefix = () => `${emulator.deliveryUrl}/${emulator.accountHash}/img/`
  const isDelivery = (url: string | undefined) => url !== undefined && url.startsWith(prefix()) && url.endsWith('/public')

  it('img src', () => {
    expect(isDelivery(attribute(byId(index, 'plain'), 'src'))).toBe(true)
  })

  it('srcset with densities', () => {
    const candidates = attribute(byId(index, 'density'), 'srcset')!.split(', ')
    expect(candidates).toHaveLength(2)
    expect(candidates[0]).toMatch(/\/public 1x$/)
    expect(candidates[1]).toMatch(/\/public 2x$/)
  })

  it('srcset keeps remote and data candidates', () => {
    const srcset = attribute(byId(index, 'widths'), 'srcset')!
    expect(srcset).toContain('https://example.invalid/resize?w=800,h=600 800w')
    expect(srcset).toContain('data:image/png;base64,iVBORw0KGgo= 1w')
    expect(deliveryUrls(srcset, emulator)).toHaveLength(1)
  })

  it('picture source', () => {
    const source = elements(index).find((element) => element.tagName === 'source' && attribute(element, 'media'))
    expect(isDelivery(attribute(source, 'srcset'))).toBe(true)
  })

  it('link rel=icon PNG', () => {
    const icon = elements(index).find((element) => attribute(element, 'rel') === 'icon')
    expect(isDelivery(attribute(icon, 'href'))).toBe(true)
  })

  it('link rel=icon ICO stays local', () => {
    const icon = elements(index).find((element) => attribute(element, 'rel') === 'shortcut icon')
    const href = attribute(icon, 'href')!
    expect(href).toMatch(/^\/assets\/favicon-[\w-]+\.ico$/)
    expect(result.files.has(href.slice(1))).toBe(true)
  })

  it('link rel=preload href and imagesrcset', () => {
    const preload = elements(index).find((element) => attribute(element, 'rel') === 'preload')
    expect(isDelivery(attribute(preload, 'href'))).toBe(true)
    expect(deliveryUrls(attribute(preload, 'imagesrcset')!, emulator)).toHaveLength(2)
  })

  it('meta og:image and twitter:image', () => {
    const og = elements(index).find((element) => attribute(element, 'property') === 'og:image')
    const twitter = elements(index).find((element) => attribute(element, 'name') === 'twitter:image')
    expect(isDelivery(attribute(og, 'content'))).toBe(true)
    expect(isDelivery(attribute(twitter, 'content'))).toBe(true)
  })

  it('inline style url()', () => {
    expect(deliveryUrls(attribute(byId(index, 'inline-style'), 'style')!, emulator)).toHaveLength(1)
  })

  it('style block url()', () => {
    const style = elements(index).find((element) => element.tagName === 'style')
    const css = style?.childNodes.map((node) => ('value' in node ? node.value : '')).join('') ?? ''
    // Vite 8 minifies the block and Vite 7 does not.
    expect(css).toMatch(/\.banner\s*\{\s*background:\s*url\(http[^)]+\/public\)/)
  })

  it('data-cf-variant named', () => {
    const variant = byId(index, 'variant')
    expect(attribute(variant, 'src')).toMatch(/\/img\/[0-9a-f]{32}\/thumbnail$/)
    expect(attribute(variant, 'data-cf-variant')).toBeUndefined()
  })

  it('?v=3 suffix dropped', () => {
    expect(attribute(byId(index, 'query-suffix'), 'src')).toBe(attribute(byId(index, 'plain'), 'src'))
  })

  it('?cf-variant query', () => {
    expect(attribute(byId(index, 'query-variant'), 'src')).toBe(attribute(byId(index, 'variant'), 'src'))
  })

  it('data-cf-variant flexible on descendants', () => {
    const all = elements(index)
    const picture = all.find((element) => attribute(element, 'id') === 'flexible')
    const [source, image] = all.filter((element) => element.parentNode === picture)
    expect(attribute(source, 'srcset')).toMatch(/\/img\/[0-9a-f]{32}\/w=200,fit=cover 1x$/)
    expect(attribute(image, 'src')).toMatch(/\/img\/[0-9a-f]{32}\/w=200,fit=cover$/)
    expect(attribute(picture, 'data-cf-variant')).toBeUndefined()
  })

  it('data-cf-variant leaves other elements alone', () => {
    expect(attribute(byId(index, 'plain'), 'src')).toMatch(/\/public$/)
  })

  it('SVG sprite with fragment stays local', () => {
    const use = elements(index).find((element) => element.tagName === 'use')
    const href = attribute(use, 'href')!
    expect(href).toMatch(/^\/assets\/sprite-[\w-]+\.svg#dot$/)
    expect(result.files.has(href.slice(1, href.indexOf('#')))).toBe(true)
  })

  it('SVG sprite warns once', () => {
    expect(result.logs.warn.filter((line) => line.includes('sprite.svg'))).toHaveLength(1)
  })

  it('second page shares the URL', () => {
    expect(attribute(byId(about, 'shared'), 'src')).toBe(attribute(byId(index, 'plain'), 'src'))
    expect(isDelivery(attribute(byId(about, 'own'), 'src'))).toBe(true)
  })

  it('uploads every image once', () => {
    expect(emulator.count('upload')).toBe(IMAGES.length)
  })

  it('keeps only local files in dist', () => {
    const images = filesEndingWith(result.files, '.png', '.jpg', '.svg', '.ico')
    expect(images.map((name) => path.posix.basename(name).replace(/-[\w-]+\./, '.')).sort()).toEqual(['favicon.ico', 'sprite.svg'])
  })

  it('manifest.json lists no removed file', () => {
    const manifest = JSON.parse(result.files.get('.vite/manifest.json')!) as Record<string, { file: string; assets?: string[] }>
    const listed = Object.values(manifest).flatMap((entry) => [entry.file, ...(entry.assets ?? [])])
    for (const file of listed) expect(result.files.has(file)).toBe(true)
  })

  it('leaves no Vite placeholders', () => {
    expect(`${index}\n${about}`).not.toMatch(/__VITE_ASSET__|__VITE_PUBLIC_ASSET__/)
  })
})
