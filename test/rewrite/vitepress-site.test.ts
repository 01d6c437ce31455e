import { access, readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { rewriteSite, type RewriteOptions } from '../../src/rewrite/index.js'
import { copySite, deliveryUrlFor, expectedUrl, FIXTURE_SITES, makeInProcessUploader, snapshotFolder } from './site-helpers.js'

// A VitePress-like build served under the base path /docs/: absolute references that start
// with the base, hashed asset names, a client chunk that names an image, and `&` in a file name.

const VITEPRESS = path.join(FIXTURE_SITES, 'vitepress')

let url: Record<string, string>
let site: Awaited<ReturnType<typeof copySite>>

beforeAll(async () => {
  url = {
    favicon: await expectedUrl(VITEPRESS, 'favicon.png'),
    og: await expectedUrl(VITEPRESS, 'og.png'),
    logo: await expectedUrl(VITEPRESS, 'logo.svg'),
    hero: await expectedUrl(VITEPRESS, 'assets/hero.Bx1aZ2.png'),
    hero2x: await expectedUrl(VITEPRESS, 'assets/hero@2x.Fw5kQ9.png'),
    bg: await expectedUrl(VITEPRESS, 'assets/bg.Ez4mP7.jpg'),
    diagram: await expectedUrl(VITEPRESS, 'assets/diagram.Dy3nR8.png'),
    ampersand: await expectedUrl(VITEPRESS, 'assets/a&b.png'),
  }
})

beforeEach(async () => {
  site = await copySite('vitepress')
})

afterEach(async () => {
  await site.cleanup()
})

function options(overrides: Partial<RewriteOptions> = {}): RewriteOptions {
  return { dir: site.dir, base: '/docs/', upload: makeInProcessUploader().upload, deliveryUrlFor, ...overrides }
}

async function readSiteFile(name: string): Promise<string> {
  return readFile(path.join(site.dir, name), 'utf8')
}

describe('rewriteSite on a VitePress-like site', () => {
  it('rewrites the home page', async () => {
    await rewriteSite(options())

    expect(await readSiteFile('index.html')).toBe(`<!DOCTYPE html>
<html lang="en-US" dir="ltr">
  <head>
    <meta charset="utf-8">
    <title>Docs | Example</title>
    <link rel="icon" href="${url.favicon}">
    <meta property="og:image" content="${url.og}">
    <meta name="twitter:image" content="${url.og}">
    <link rel="preload stylesheet" href="/docs/assets/style.Cx2rT4.css" as="style">
    <link rel="preload" as="image" href="${url.hero}" imagesrcset="${url.hero} 1x, ${url.hero2x} 2x">
    <script type="module" src="/docs/assets/app.Gh6vW1.js"></script>
  </head>
  <body>
    <div id="app"><header><img class="logo" src="${url.logo}" alt="Logo"></header>
    <main><img src="${url.hero}" srcset="${url.hero} 1x, ${url.hero2x} 2x" alt="Hero">
    <img src="/other-site/banner.png" alt="Not under the base"></main></div>
  </body>
</html>
`)
  })

  it('rewrites the guide page', async () => {
    await rewriteSite(options())

    expect(await readSiteFile('guide/getting-started.html')).toBe(`<!DOCTYPE html>
<html lang="en-US" dir="ltr">
  <head>
    <meta charset="utf-8">
    <title>Getting Started | Docs</title>
    <link rel="preload stylesheet" href="/docs/assets/style.Cx2rT4.css" as="style">
  </head>
  <body>
    <div id="app"><main class="vp-doc">
      <h1 id="getting-started">Getting Started</h1>
      <p><img src="${url.diagram}" alt="Diagram"></p>
      <p><img src="${url.ampersand}" alt="A and B"></p>
      <svg viewBox="0 0 10 10"><image href="${url.diagram}" width="10" height="10"/><image xlink:href="${url.og}" width="5" height="5"/></svg>
      <p><img src="${url.bg}" alt="Relative"></p>
    </main></div>
  </body>
</html>
`)
  })

  it('rewrites the style sheet', async () => {
    await rewriteSite(options())

    expect(await readSiteFile('assets/style.Cx2rT4.css')).toBe(`.VPHero{background:url(${url.bg})}
.VPHero .image{background-image:-webkit-image-set("${url.hero}" 1x,"${url.hero2x}" 2x)}
`)
  })

  it('reports a reference outside the base', async () => {
    const report = await rewriteSite(options())

    expect(report.issues.map(({ reason, file, line, url }) => ({ reason, file, line, url }))).toEqual([
      { reason: 'outside-base', file: 'index.html', line: 16, url: '/other-site/banner.png' },
    ])
  })

  it('reports every absolute reference without the base', async () => {
    const report = await rewriteSite(options({ base: '/' }))

    expect(report.rewritten).toBe(1)
    expect(report.issues.filter((issue) => issue.reason === 'missing').length).toBe(18)
  })

  it('changes nothing on a second run', async () => {
    await rewriteSite(options())
    const afterFirst = await snapshotFolder(site.dir)

    await rewriteSite(options())

    expect(await snapshotFolder(site.dir)).toEqual(afterFirst)
  })

  it('keeps an image a script names', async () => {
    const report = await rewriteSite(options({ deleteLocal: true }))

    expect(report.notDeleted).toEqual([{ image: 'assets/diagram.Dy3nR8.png', namedIn: 'assets/app.Gh6vW1.js' }])
    await expect(access(path.join(site.dir, 'assets/diagram.Dy3nR8.png'))).resolves.toBeUndefined()
  })

  it('deletes the other copies', async () => {
    const report = await rewriteSite(options({ deleteLocal: true }))

    expect(report.deleted).toEqual([
      'assets/a&b.png',
      'assets/bg.Ez4mP7.jpg',
      'assets/hero.Bx1aZ2.png',
      'assets/hero@2x.Fw5kQ9.png',
      'favicon.png',
      'logo.svg',
      'og.png',
    ])
  })
})
