import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { createProject, deliveryUrls, emulatorOptions, filesEndingWith, outputText, removeProject, runBuild, writeImages, type BuildResult } from './helpers.js'
import { copyFile, mkdir } from 'node:fs/promises'

const IMAGES = [
  'src/images/photo.jpg',
  'src/images/logo.png',
  'src/images/small-icon.png',
  'src/images/small-badge.png',
  'src/images/small-dot.png',
  'src/images/same-a.png',
  'src/images/dup/a.png',
  'src/images/dup2/a.png',
  'src/images/plus+space name.png',
  'src/images/static.png',
  'src/images/gallery/one.png',
  'src/images/gallery/two.png',
  'src/images/glob/first.png',
  'src/images/glob/second.png',
]

interface BuiltImages {
  photo: string
  logoUrl: string
  smallNoInline: string
  smallInline: string
  smallDefault: string
  thumbnail: string
  sameA: string
  sameB: string
  dupFirst: string
  dupSecond: string
  oddName: string
  staticUrl: string
  gallery: string[]
  globbed: Record<string, string>
}

let emulator: EmulatorHandle
let root: string
let result: BuildResult
let images: BuiltImages

/** Runs the built entry chunk, which stores its image URLs on `window.images`. */
async function importEntry(build: BuildResult): Promise<BuiltImages> {
  const [entry] = filesEndingWith(build.files, '.mjs')
  const window: { images?: BuiltImages } = {}
  ;(globalThis as { window?: unknown }).window = window
  await import(/* @vite-ignore */ pathToFileURL(path.join(build.outDir, entry!)).href)
  return window.images!
}

beforeAll(async () => {
  emulator = await startEmulator()
  root = await createProject('vite-js')
  await writeImages(root, IMAGES)
  await mkdir(path.join(root, 'src/images/other'), { recursive: true })
  await copyFile(path.join(root, 'src/images/same-a.png'), path.join(root, 'src/images/other/same-b.png'))

  result = await runBuild({
    root,
    plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }),
    config: { build: { modulePreload: { polyfill: false }, rollupOptions: { output: { entryFileNames: 'assets/[name]-[hash].mjs' } } } },
  })
  images = await importEntry(result)
})

afterAll(async () => {
  delete (globalThis as { window?: unknown }).window
  await emulator?.close()
  if (root !== undefined) await removeProject(root)
})

describe('JS image references', () => {
  const prefix = () => `${emulator.deliveryUrl}/${emulator.accountHash}/img/`

  it('default import', () => {
    expect(images.photo.startsWith(prefix())).toBe(true)
    expect(images.photo.endsWith('/public')).toBe(true)
  })

  it('?url import', () => {
    expect(images.logoUrl.startsWith(prefix())).toBe(true)
  })

  it('?no-inline under the limit', () => {
    expect(images.smallNoInline.startsWith(prefix())).toBe(true)
  })

  it('?inline stays inline', () => {
    expect(images.smallInline.startsWith('data:image/png')).toBe(true)
  })

  it('small default import stays inline', () => {
    expect(images.smallDefault.startsWith('data:image/png')).toBe(true)
  })

  it('?cf-variant import', () => {
    expect(images.thumbnail).toBe(images.photo.replace(/\/public$/, '/thumbnail'))
  })

  it('identical bytes share one URL', () => {
    expect(images.sameB).toBe(images.sameA)
  })

  it('same name in two folders', () => {
    expect(images.dupFirst).not.toBe(images.dupSecond)
    expect(images.dupSecond.startsWith(prefix())).toBe(true)
  })

  it('file name with + and space', () => {
    expect(images.oddName.startsWith(prefix())).toBe(true)
  })

  it('static new URL', () => {
    expect(images.staticUrl.startsWith(prefix())).toBe(true)
  })

  it('new URL over a folder', () => {
    expect(images.gallery).toHaveLength(2)
    expect(images.gallery.every((url) => url.startsWith(prefix()))).toBe(true)
  })

  it('import.meta.glob with ?url', () => {
    const urls = Object.values(images.globbed)
    expect(urls).toHaveLength(2)
    expect(urls.every((url) => url.startsWith(prefix()))).toBe(true)
  })

  it('uploads each content once', () => {
    // 14 files, of which small-badge and small-dot stay inline and same-b copies same-a.
    expect(emulator.count('upload')).toBe(12)
    expect(emulator.imageIds()).toHaveLength(12)
  })

  it('leaves no image files in dist', () => {
    expect(filesEndingWith(result.files, '.png', '.jpg')).toEqual([])
  })

  it('leaves no Vite placeholders', () => {
    const text = outputText(result.files)
    expect(text).not.toMatch(/__VITE_ASSET__|__VITE_PUBLIC_ASSET__/)
  })

  it('puts a variant segment in every URL', () => {
    const urls = deliveryUrls(outputText(result.files), emulator)
    expect(urls.length).toBeGreaterThan(0)
    for (const url of urls) expect(url).toMatch(/\/img\/[0-9a-f]{32}\/(public|thumbnail)$/)
  })

  it('logs one summary line', () => {
    const summaries = result.logs.info.filter((line) => /images: \d+ uploaded/.test(line))
    expect(summaries).toEqual([expect.stringMatching(/^\[plugin vite-plugin-cloudflare-images\] 12 images: 12 uploaded \([\d.]+ kB\), 0 cached, 0 failed in [\d.]+ s$/)])
  })
})

describe('assetsInlineLimit 0', () => {
  let limited: BuiltImages

  beforeAll(async () => {
    const build = await runBuild({
      root,
      outDir: path.join(root, 'dist-no-inline'),
      plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }),
      config: {
        build: {
          assetsInlineLimit: 0,
          modulePreload: { polyfill: false },
          rollupOptions: { output: { entryFileNames: 'assets/[name]-[hash].mjs' } },
        },
      },
    })
    limited = await importEntry(build)
  })

  it('small default import gets a URL', () => {
    expect(limited.smallDefault.startsWith(`${emulator.deliveryUrl}/${emulator.accountHash}/img/`)).toBe(true)
  })

  it('?inline stays inline', () => {
    expect(limited.smallInline.startsWith('data:image/png')).toBe(true)
  })
})
