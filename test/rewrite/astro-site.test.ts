import { access, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { rewriteSite, type RewriteOptions } from '../../src/rewrite/index.js'
import { copySite, deliveryUrlFor, expectedUrl, FIXTURE_SITES, makeInProcessUploader, makeLogger, snapshotFolder } from './site-helpers.js'

// An Astro-like build: pages in nested folders with relative references, a CSS file in its own
// folder, a client script, and file names with spaces and non-ASCII characters.

const ASTRO = path.join(FIXTURE_SITES, 'astro')

let url: Record<string, string>
let site: Awaited<ReturnType<typeof copySite>>

beforeAll(async () => {
  url = {
    favicon: await expectedUrl(ASTRO, 'favicon.svg'),
    hero: await expectedUrl(ASTRO, 'images/hero.png'),
    hero2x: await expectedUrl(ASTRO, 'images/hero@2x.png'),
    bg: await expectedUrl(ASTRO, 'images/bg.jpg'),
    photo: await expectedUrl(ASTRO, 'images/photo one.jpg'),
    cafe: await expectedUrl(ASTRO, 'images/café.png'),
    thumb: await expectedUrl(ASTRO, 'images/thumb.webp'),
    card: await expectedUrl(ASTRO, 'images/card.png'),
    cardThumbnail: await expectedUrl(ASTRO, 'images/card.png', 'thumbnail'),
    poster: await expectedUrl(ASTRO, 'images/poster.jpg'),
  }
})

beforeEach(async () => {
  site = await copySite('astro')
})

afterEach(async () => {
  await site.cleanup()
})

function options(overrides: Partial<RewriteOptions> = {}): RewriteOptions {
  return { dir: site.dir, upload: makeInProcessUploader().upload, deliveryUrlFor, ...overrides }
}

async function readSiteFile(name: string): Promise<string> {
  return readFile(path.join(site.dir, name), 'utf8')
}

async function exists(name: string): Promise<boolean> {
  return access(path.join(site.dir, name)).then(
    () => true,
    () => false,
  )
}

describe('rewriteSite on an Astro-like site', () => {
  it('rewrites the home page', async () => {
    await rewriteSite(options())

    expect(await readSiteFile('index.html')).toBe(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<link rel="icon" href="favicon.ico" sizes="32x32">
<link rel="icon" type="image/svg+xml" href="${url.favicon}">
<meta property="og:image" content="${url.hero}">
<link rel="stylesheet" href="_astro/index.DmPq3x.css">
<title>Home</title></head>
<body>
<main>
<img src="${url.hero}" srcset="${url.hero} 1x, ${url.hero2x} 2x" alt="Hero" width="8" height="6">
<img src=${url.bg} alt=Background>
<a href="images/hero@2x.png">Full size</a>
</main>
<script type="module" src="_astro/client.Bx9kL2.js"></script>
</body></html>
`)
  })

  it('rewrites the nested page', async () => {
    await rewriteSite(options())

    expect(await readSiteFile('blog/first-post/index.html')).toBe(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<link rel="stylesheet" href="../../_astro/index.DmPq3x.css">
<meta name="twitter:image" content="${url.card}">
<title>First post</title>
<style>
.banner{background:url('${url.cafe}') center/cover}
</style>
</head>
<body>
<article>
<h1>First post</h1>
<picture>
<source srcset="${url.thumb}" type="image/webp">
<img src="${url.photo}" alt="Photo one" loading="lazy">
</picture>
<img srcset="https://cdn.example.invalid/a.jpg?w=1,2 2x, data:image/gif;base64,R0lGODlhAQABAAAAACw= 1x, ${url.cafe} 3x" alt="Mixed">
<figure><img src="${url.cardThumbnail}" alt="Card"></figure>
<div class="banner" style="background-image: url(&quot;${url.hero}&quot;); color: red"></div>
<p style="background: url(${url.bg})">Text</p>
<video poster="${url.poster}" controls><source src="../../media/clip.mp4" type="video/mp4"></video>
<svg width="10" height="10"><use href="../../images/icons.svg#star"></use></svg>
<img src="../../../secret.png" alt="Outside">
<img src="../../images/missing.png" alt="Missing">
<img src="https://example.invalid/remote.png" alt="Remote">
<noscript><img src="${url.hero2x}" alt="No script"></noscript>
</article>
</body></html>
`)
  })

  it('rewrites the style sheet', async () => {
    await rewriteSite(options())

    expect(await readSiteFile('_astro/index.DmPq3x.css')).toBe(`@font-face{font-family:Inter;src:url(../fonts/inter.woff2#iefix) format("woff2")}
/* url(../images/commented-out.png) is not a reference */
body{background:url(${url.bg}) no-repeat;font-family:Inter,"url(not-a-url.png)"}
.hero{background-image:image-set("${url.hero}" 1x,"${url.hero2x}" 2x);background-image:-webkit-image-set(url(${url.hero}) 1x,url('${url.hero2x}') 2x)}
.photo{background:url("${url.photo}")}
.icon{mask:url(../images/icons.svg#star)}
.gone{background:url(../images/deleted.png)}
`)
  })

  it('leaves the script unchanged', async () => {
    const before = await readSiteFile('_astro/client.Bx9kL2.js')

    await rewriteSite(options())

    expect(await readSiteFile('_astro/client.Bx9kL2.js')).toBe(before)
  })

  it('reports references left local', async () => {
    const report = await rewriteSite(options())

    expect(report.issues.map(({ reason, file, line, url, image }) => ({ reason, file, line, url, image }))).toEqual([
      { reason: 'svg-fragment', file: '_astro/index.DmPq3x.css', line: 6, url: '../images/icons.svg#star', image: 'images/icons.svg' },
      { reason: 'missing', file: '_astro/index.DmPq3x.css', line: 7, url: '../images/deleted.png', image: 'images/deleted.png' },
      { reason: 'outside', file: 'blog/first-post/index.html', line: 22, url: '../../../secret.png', image: undefined },
      { reason: 'missing', file: 'blog/first-post/index.html', line: 23, url: '../../images/missing.png', image: 'images/missing.png' },
      { reason: 'unsupported-format', file: 'index.html', line: 2, url: 'favicon.ico', image: 'favicon.ico' },
    ])
  })

  it('logs each issue with file and line', async () => {
    const { logger, lines } = makeLogger()

    await rewriteSite(options({ logger }))

    expect(lines.warn).toContain(
      'blog/first-post/index.html:23: Image "../../images/missing.png" (images/missing.png) not found in the site folder, so the reference was left unchanged. Fix the reference or add the file.',
    )
  })

  it('counts files, references and images', async () => {
    const report = await rewriteSite(options())

    expect({
      filesScanned: report.filesScanned,
      filesChanged: report.filesChanged,
      references: report.references,
      rewritten: report.rewritten,
      images: report.images,
      uniqueContents: report.uniqueContents,
      uploaded: report.uploaded,
    }).toEqual({
      filesScanned: 3,
      filesChanged: ['_astro/index.DmPq3x.css', 'blog/first-post/index.html', 'index.html'],
      references: 27,
      rewritten: 22,
      images: [
        'favicon.svg',
        'images/bg.jpg',
        'images/café.png',
        'images/card.png',
        'images/hero.png',
        'images/hero@2x.png',
        'images/photo one.jpg',
        'images/poster.jpg',
        'images/thumb.webp',
      ],
      uniqueContents: 9,
      uploaded: 9,
    })
  })

  it('never reads a file outside the folder', async () => {
    await writeFile(path.join(site.root, 'secret.png'), await readFile(path.join(ASTRO, 'images/hero.png')))
    const uploader = makeInProcessUploader()

    await rewriteSite(options({ upload: uploader.upload }))

    const uploadedPaths = uploader.calls.flat().map((source) => source.path)
    expect(uploadedPaths).not.toContain(path.join(site.root, 'secret.png'))
  })

  it('uploads each image once', async () => {
    const uploader = makeInProcessUploader()

    await rewriteSite(options({ upload: uploader.upload }))

    expect(uploader.calls.length).toBe(1)
    expect(uploader.calls[0]!.length).toBe(9)
  })

  it('changes nothing on a second run', async () => {
    await rewriteSite(options())
    const afterFirst = await snapshotFolder(site.dir)
    const uploader = makeInProcessUploader()

    const second = await rewriteSite(options({ upload: uploader.upload }))

    expect(await snapshotFolder(site.dir)).toEqual(afterFirst)
    expect(second.filesChanged).toEqual([])
    expect(uploader.calls.length).toBe(0)
  })

  it('writes nothing in a dry run', async () => {
    const before = await snapshotFolder(site.dir)
    const uploader = makeInProcessUploader()

    const report = await rewriteSite(options({ upload: uploader.upload, dryRun: true, deleteLocal: true }))

    expect(await snapshotFolder(site.dir)).toEqual(before)
    expect(uploader.calls.length).toBe(0)
    expect(report.rewritten).toBe(22)
    expect(report.filesChanged).toEqual(['_astro/index.DmPq3x.css', 'blog/first-post/index.html', 'index.html'])
    expect(report.deleted).toEqual(['favicon.svg', 'images/bg.jpg', 'images/café.png', 'images/card.png', 'images/hero.png', 'images/photo one.jpg', 'images/poster.jpg'])
  })

  it('deletes local copies nothing names', async () => {
    const report = await rewriteSite(options({ deleteLocal: true }))

    expect(report.deleted).toEqual(['favicon.svg', 'images/bg.jpg', 'images/café.png', 'images/card.png', 'images/hero.png', 'images/photo one.jpg', 'images/poster.jpg'])
    for (const image of report.deleted) expect(await exists(image), image).toBe(false)
  })

  it('keeps local copies still named', async () => {
    const report = await rewriteSite(options({ deleteLocal: true }))

    // The <a href> of the home page and the client script are not rewritten, so they still need the files.
    expect(report.notDeleted).toEqual([
      { image: 'images/hero@2x.png', namedIn: 'index.html' },
      { image: 'images/thumb.webp', namedIn: '_astro/client.Bx9kL2.js' },
    ])
    expect(await exists('images/hero@2x.png')).toBe(true)
    expect(await exists('images/thumb.webp')).toBe(true)
  })

  it('keeps files not uploaded', async () => {
    await rewriteSite(options({ deleteLocal: true }))

    expect(await exists('favicon.ico')).toBe(true)
    expect(await exists('images/icons.svg')).toBe(true)
  })

  it('keeps every copy by default', async () => {
    const before = [...(await snapshotFolder(site.dir)).keys()].sort()

    await rewriteSite(options())

    expect([...(await snapshotFolder(site.dir)).keys()].sort()).toEqual(before)
  })

  it('leaves excluded images local', async () => {
    const report = await rewriteSite(options({ exclude: ['images/hero*.png'] }))

    expect(report.images).not.toContain('images/hero.png')
    expect(report.excluded).toBe(10)
    expect(await readSiteFile('index.html')).toContain('<img src="images/hero.png" srcset="images/hero.png 1x, images/hero@2x.png 2x"')
  })

  it('keeps references without an entry', async () => {
    const uploader = makeInProcessUploader()
    const upload: RewriteOptions['upload'] = async (sources) => uploader.upload(sources.filter((source) => source.name !== 'images/card.png'))

    const report = await rewriteSite(options({ upload, deleteLocal: true }))

    expect(report.issues.filter((issue) => issue.reason === 'not-uploaded').map((issue) => `${issue.file}:${issue.line}`)).toEqual([
      'blog/first-post/index.html:3',
      'blog/first-post/index.html:17',
    ])
    expect(await readSiteFile('blog/first-post/index.html')).toContain('<figure><img src="../../images/card.png" alt="Card"></figure>')
    expect(await exists('images/card.png')).toBe(true)
  })

  it('writes nothing when the upload fails', async () => {
    const before = await snapshotFolder(site.dir)
    const upload: RewriteOptions['upload'] = async () => {
      throw new Error('upload failed')
    }

    await expect(rewriteSite(options({ upload, deleteLocal: true }))).rejects.toThrow('upload failed')
    expect(await snapshotFolder(site.dir)).toEqual(before)
  })

  it('rejects a missing folder', async () => {
    await expect(rewriteSite(options({ dir: path.join(site.root, 'dist') }))).rejects.toMatchObject({ code: 'REWRITE_DIR_NOT_FOUND' })
  })

  it('rejects a file as the folder', async () => {
    await expect(rewriteSite(options({ dir: path.join(site.dir, 'index.html') }))).rejects.toMatchObject({ code: 'REWRITE_NOT_A_FOLDER' })
  })

  it('logs no summary line', async () => {
    const logger = makeLogger()

    const report = await rewriteSite(options({ logger: logger.logger }))

    expect(report.rewritten).toBeGreaterThan(0)
    expect(logger.lines.info).toEqual([])
  })
})
