import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { BrowserContext } from 'playwright-core'

/** One `<img>` as the browser saw it after the page loaded. */
export interface LoadedImage {
  alt: string
  complete: boolean
  naturalWidth: number
  currentSrc: string
}

/** What happened while a page loaded: images, CSS backgrounds, requests and errors. */
export interface PageVisit {
  images: LoadedImage[]
  /** Absolute URLs of every `url()` in a computed `background-image`, in document order. */
  backgroundUrls: string[]
  requests: Array<{ url: string; resourceType: string }>
  /** HTTP status of every response, by URL (a later response to the same URL replaces the earlier). */
  statusByUrl: Map<string, number>
  /** Requests that failed without a response (connection refused, aborted, blocked). */
  failedRequests: Array<{ url: string; error: string }>
  /** Requests to a host other than loopback, aborted before they left the browser. */
  blockedRequests: string[]
  consoleErrors: string[]
  iconHref: string | null
  ogImage: string | null
}

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', '[::1]', 'localhost'])

/**
 * Opens `url` in a new page, waits until the network is idle, and records what the page
 * loaded. Any request to a non-loopback host is aborted and recorded in `blockedRequests`.
 */
export async function visitPage(context: BrowserContext, url: string, screenshotPath: string): Promise<PageVisit> {
  const visit: PageVisit = {
    images: [],
    backgroundUrls: [],
    requests: [],
    statusByUrl: new Map(),
    failedRequests: [],
    blockedRequests: [],
    consoleErrors: [],
    iconHref: null,
    ogImage: null,
  }

  const page = await context.newPage()
  await page.route('**/*', async (route) => {
    const requestUrl = route.request().url()
    if (LOOPBACK_HOSTNAMES.has(new URL(requestUrl).hostname)) {
      await route.continue()
      return
    }
    visit.blockedRequests.push(requestUrl)
    await route.abort('blockedbyclient')
  })

  page.on('request', (request) => visit.requests.push({ url: request.url(), resourceType: request.resourceType() }))
  page.on('response', (response) => visit.statusByUrl.set(response.url(), response.status()))
  page.on('requestfailed', (request) => visit.failedRequests.push({ url: request.url(), error: request.failure()?.errorText ?? 'unknown' }))
  page.on('console', (message) => {
    if (message.type() === 'error') visit.consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => visit.consoleErrors.push(`uncaught: ${error.message}`))

  try {
    await page.goto(url, { waitUntil: 'load' })
    await page.waitForLoadState('networkidle')

    visit.images = await page.evaluate(() =>
      Array.from(document.images, (image) => ({
        alt: image.alt,
        complete: image.complete,
        naturalWidth: image.naturalWidth,
        currentSrc: image.currentSrc,
      })),
    )
    visit.backgroundUrls = await page.evaluate(() => {
      const urls: string[] = []
      for (const element of Array.from(document.querySelectorAll('*'))) {
        const backgroundImage = getComputedStyle(element).backgroundImage
        for (const match of backgroundImage.matchAll(/url\("([^"]*)"\)/g)) urls.push(match[1] ?? '')
      }
      return urls
    })
    visit.iconHref = await page.evaluate(() => document.querySelector('link[rel="icon"]')?.getAttribute('href') ?? null)
    visit.ogImage = await page.evaluate(() => document.querySelector('meta[property="og:image"]')?.getAttribute('content') ?? null)

    // An artifact for people looking at a failed run; nothing asserts on it.
    await mkdir(dirname(screenshotPath), { recursive: true })
    await page.screenshot({ path: screenshotPath, fullPage: true })
  } finally {
    await page.close()
  }

  return visit
}
