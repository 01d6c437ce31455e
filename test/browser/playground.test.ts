// The playground built against the emulator, served by `vite preview` and loaded in headless
// Chromium: every image on every page must come from the emulator's delivery URLs.
import { fileURLToPath } from 'node:url'
import type { PreviewServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  applyCloudflareEnvironment,
  buildPlayground,
  copyPlayground,
  emulatorEnvironment,
  previewOrigin,
  previewPlayground,
  PLAYGROUND_PAGES,
  type PlaygroundCopy,
} from '../../scripts/playground-build.js'
import { startEmulator } from '../../src/emulator/index.js'
import type { EmulatorHandle } from '../../src/emulator/types.js'
import { launchChromium, type LaunchedChromium } from './chromium.js'
import { visitPage, type PageVisit } from './page-visit.js'

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url))
const IMAGE_PATH = /\.(png|jpe?g|gif|webp|svg|avif|ico)$/i

// Expected counts per page. With them, a lost reference fails the test instead of
// shrinking what is checked.
const EXPECTED = {
  '/': { images: 4, backgrounds: 2 },
  '/gallery/': { images: 8, backgrounds: 2 },
} satisfies Record<(typeof PLAYGROUND_PAGES)[number], { images: number; backgrounds: number }>

let browser: LaunchedChromium | undefined
let emulator: EmulatorHandle | undefined
let restoreEnvironment: (() => void) | undefined
let copy: PlaygroundCopy | undefined
let server: PreviewServer | undefined
let siteOrigin = ''
let deliveryPrefix = ''
const visits = new Map<string, PageVisit>()

beforeAll(async () => {
  // First, so a missing Chromium fails with its install hint before any build work.
  browser = await launchChromium()

  emulator = await startEmulator()
  restoreEnvironment = applyCloudflareEnvironment(emulatorEnvironment(emulator))
  deliveryPrefix = `${emulator.deliveryUrl}/${emulator.accountHash}/`

  copy = await copyPlayground()
  await buildPlayground({ copy, logLevel: 'silent' })
  server = await previewPlayground(copy)
  siteOrigin = previewOrigin(server)

  for (const path of PLAYGROUND_PAGES) {
    const name = path === '/' ? 'index' : path.replaceAll('/', '')
    visits.set(path, await visitPage(browser.context, siteOrigin + path, `${RESULTS_DIR}playground-${name}.png`))
  }
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await copy?.remove()
  restoreEnvironment?.()
  await emulator?.close()
})

function visitOf(path: string): PageVisit {
  const visit = visits.get(path)
  if (visit === undefined) throw new Error(`No visit recorded for ${path}: the beforeAll hook failed.`)
  return visit
}

describe.each(PLAYGROUND_PAGES)('playground page %s', (path) => {
  it('shows the expected number of images', () => {
    expect(visitOf(path).images).toHaveLength(EXPECTED[path].images)
  })

  it('loads every image', () => {
    const broken = visitOf(path).images.filter((image) => !image.complete || image.naturalWidth === 0)
    expect(broken).toEqual([])
  })

  it('takes every image from delivery URLs', () => {
    const local = visitOf(path).images.filter((image) => !image.currentSrc.startsWith(deliveryPrefix))
    expect(local).toEqual([])
  })

  it('shows the expected CSS backgrounds', () => {
    expect(visitOf(path).backgroundUrls).toHaveLength(EXPECTED[path].backgrounds)
  })

  it('takes CSS backgrounds from delivery URLs', () => {
    const local = visitOf(path).backgroundUrls.filter((url) => !url.startsWith(deliveryPrefix))
    expect(local).toEqual([])
  })

  it('fetches CSS backgrounds with status 200', () => {
    const visit = visitOf(path)
    const statuses = visit.backgroundUrls.map((url) => ({ url, status: visit.statusByUrl.get(url) }))
    expect(statuses.filter(({ status }) => status !== 200)).toEqual([])
  })

  it('requests no image from the site', () => {
    const local = visitOf(path).requests.filter(
      ({ url, resourceType }) => url.startsWith(siteOrigin) && (resourceType === 'image' || IMAGE_PATH.test(new URL(url).pathname)),
    )
    expect(local).toEqual([])
  })

  it('points the favicon at a delivery URL', () => {
    expect(visitOf(path).iconHref).toMatch(new RegExp(`^${escapeRegExp(deliveryPrefix)}`))
  })

  it('points og:image at a delivery URL', () => {
    expect(visitOf(path).ogImage).toMatch(new RegExp(`^${escapeRegExp(deliveryPrefix)}`))
  })

  it('logs no console errors', () => {
    expect(visitOf(path).consoleErrors).toEqual([])
  })

  it('has no failed requests', () => {
    expect(visitOf(path).failedRequests).toEqual([])
  })

  it('sends nothing off loopback', () => {
    expect(visitOf(path).blockedRequests).toEqual([])
  })
})

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
