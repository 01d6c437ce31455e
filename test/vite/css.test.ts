import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { createProject, deliveryUrls, emulatorOptions, filesEndingWith, removeProject, runBuild, writeImages, type BuildResult } from './helpers.js'

const IMAGES = [
  'src/images/unquoted.png',
  'src/images/double.png',
  'src/images/single.png',
  'src/images/set-1x.png',
  'src/images/set-2x.png',
  'src/images/query.png',
  'src/images/fragment.png',
  'src/images/module.png',
  'src/images/inline-css.png',
  'src/images/partial.png',
]

let emulator: EmulatorHandle
let root: string
let result: BuildResult
let css: string
let js: string

beforeAll(async () => {
  emulator = await startEmulator()
  root = await createProject('vite-css')
  await writeImages(root, IMAGES)
  result = await runBuild({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }) })
  css = filesEndingWith(result.files, '.css').map((name) => result.files.get(name)).join('\n')
  js = filesEndingWith(result.files, '.js').map((name) => result.files.get(name)).join('\n')
})

afterAll(async () => {
  await emulator?.close()
  if (root !== undefined) await removeProject(root)
})

/** Returns the URL inside the first `url(...)` of a CSS rule. */
function urlInRule(selector: string): string | undefined {
  const rule = css.match(new RegExp(`\\.${selector}[^{]*\\{([^}]*)\\}`))?.[1]
  return rule?.match(/url\(["']?([^"')]+)["']?\)/)?.[1]
}

describe('CSS image references', () => {
  const prefix = () => `${emulator.deliveryUrl}/${emulator.accountHash}/img/`

  for (const selector of ['unquoted', 'double-quoted', 'single-quoted', 'partial']) {
    it(`url() ${selector}`, () => {
      expect(urlInRule(selector)).toMatch(new RegExp(`^${prefix().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[0-9a-f]{32}/public$`))
    })
  }

  it('url() with ?v=3 drops the query', () => {
    expect(urlInRule('with-query')).toMatch(/\/public$/)
  })

  it('url() with #iefix drops the fragment', () => {
    expect(urlInRule('with-fragment')).toMatch(/\/public$/)
  })

  it('image-set()', () => {
    const rule = css.match(/\.image-set\{([^}]*)\}/)?.[1] ?? ''
    // Vite adds a `-webkit-image-set()` fallback with the same two URLs.
    const urls = new Set(deliveryUrls(rule, emulator))
    expect(urls.size).toBe(2)
  })

  it('CSS modules', () => {
    const rule = css.match(/\._card_\w+\{([^}]*)\}/)?.[1] ?? ''
    expect(deliveryUrls(rule, emulator)).toHaveLength(1)
  })

  it('CSS ?inline', () => {
    const inlineUrls = deliveryUrls(js, emulator)
    expect(inlineUrls).toHaveLength(1)
    expect(inlineUrls[0]!.startsWith(prefix())).toBe(true)
  })

  it('uploads every image once', () => {
    expect(emulator.count('upload')).toBe(IMAGES.length)
  })

  it('leaves no image files in dist', () => {
    expect(filesEndingWith(result.files, '.png')).toEqual([])
  })

  it('leaves no Vite placeholders', () => {
    expect(`${css}\n${js}`).not.toMatch(/__VITE_ASSET__|__VITE_PUBLIC_ASSET__/)
  })
})
