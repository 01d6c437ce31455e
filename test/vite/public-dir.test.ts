import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { createProject, deliveryUrls, emulatorOptions, filesEndingWith, removeProject, runBuild, writeImages, type BuildResult } from './helpers.js'

const IMAGES = ['public/photo.jpg', 'public/my photo.png', 'public/café.png', 'public/UPPER.JPG', 'public/Shout.PNG', 'public/only-html.png', 'public/unused.png']

let emulator: EmulatorHandle
let root: string

beforeAll(async () => {
  emulator = await startEmulator()
  root = await createProject('vite-public')
  await writeImages(root, IMAGES)
  await writeFile(path.join(root, 'public/favicon.ico'), randomBytes(600))
})

afterAll(async () => {
  await emulator?.close()
  if (root !== undefined) await removeProject(root)
})

function srcOf(html: string, id: string): string | undefined {
  return html.match(new RegExp(`<img id="${id}" src="([^"]+)"`))?.[1]
}

describe('public directory images', () => {
  let result: BuildResult
  let html: string
  let css: string
  const isDelivery = (url: string | undefined) => url !== undefined && url.startsWith(`${emulator.deliveryUrl}/${emulator.accountHash}/img/`)

  beforeAll(async () => {
    emulator.resetCounts()
    result = await runBuild({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }) })
    html = result.files.get('index.html')!
    css = filesEndingWith(result.files, '.css').map((name) => result.files.get(name)).join('\n')
  })

  for (const id of ['plain', 'space-raw', 'space-encoded', 'non-ascii', 'upper-jpg', 'upper-png']) {
    it(`img src ${id}`, () => {
      expect(isDelivery(srcOf(html, id))).toBe(true)
    })
  }

  it('raw and encoded spaces share one URL', () => {
    expect(srcOf(html, 'space-encoded')).toBe(srcOf(html, 'space-raw'))
  })

  /** Delivery URLs in the rule whose selector list has `.selector` (the minifier may merge rules). */
  const urlsInRule = (selector: string) => deliveryUrls(css.match(new RegExp(`\\.${selector}[^{]*\\{([^}]*)\\}`))?.[1] ?? '', emulator)

  it('CSS url() with a raw space', () => {
    expect(urlsInRule('space-raw')).toEqual([srcOf(html, 'space-raw')])
  })

  it('CSS url() with an encoded space', () => {
    expect(urlsInRule('space-encoded')).toEqual([srcOf(html, 'space-raw')])
  })

  it('CSS url() with uppercase extension', () => {
    expect(urlsInRule('upper')).toEqual([srcOf(html, 'upper-png')])
  })

  it('ico stays local', () => {
    expect(html).toContain('<link rel="icon" href="/favicon.ico">')
  })

  it('uploads only referenced files', () => {
    expect(emulator.count('upload')).toBe(IMAGES.length - 1)
  })

  it('keeps the public copies', () => {
    // Vite copies the whole public directory; the plugin leaves that copy alone.
    expect(result.files.has('photo.jpg')).toBe(true)
  })
})

describe('public directory off', () => {
  it('leaves public images local', async () => {
    const result = await runBuild({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash, publicDir: false }) })
    expect(srcOf(result.files.get('index.html')!, 'plain')).toBe('/photo.jpg')
  })
})
