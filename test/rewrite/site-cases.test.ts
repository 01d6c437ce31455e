import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { rewriteSite, type RewriteOptions } from '../../src/rewrite/index.js'
import { deliveryUrlFor, expectedUrl, FIXTURE_SITES, makeInProcessUploader, makeLogger } from './site-helpers.js'

// Small sites written by each test, for cases the fixture sites do not show.

const PNG_FIXTURE = path.join(FIXTURE_SITES, 'astro/images/hero.png')

let root: string
let dir: string

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'cf-images-rewrite-cases-'))
  dir = path.join(root, 'site')
  await mkdir(dir)
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function writeSite(files: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true })
    await writeFile(path.join(dir, name), content)
  }
}

async function png(): Promise<Buffer> {
  return readFile(PNG_FIXTURE)
}

function options(overrides: Partial<RewriteOptions> = {}): RewriteOptions {
  return { dir, upload: makeInProcessUploader().upload, deliveryUrlFor, ...overrides }
}

async function read(name: string): Promise<string> {
  return readFile(path.join(dir, name), 'utf8')
}

describe('rewriteSite', () => {
  it('writes flexible variants into a srcset', async () => {
    await writeSite({ 'a.png': await png(), 'index.html': '<img data-cf-variant="w=400,h=300" srcset="a.png, a.png 2x">' })
    const url = await expectedUrl(dir, 'a.png', 'w=400,h=300')

    await rewriteSite(options())

    expect(await read('index.html')).toBe(`<img srcset="${url} 1x, ${url} 2x">`)
  })

  it('finds a name with a raw space', async () => {
    await writeSite({ 'my photo.png': await png(), 'index.html': '<img src="my photo.png">' })
    const url = await expectedUrl(dir, 'my photo.png')

    await rewriteSite(options())

    expect(await read('index.html')).toBe(`<img src="${url}">`)
  })

  it('matches extensions case-insensitively', async () => {
    await writeSite({ 'A.PNG': await png(), 'index.html': '<img src="A.PNG">' })

    const report = await rewriteSite(options())

    expect(report.images).toEqual(['A.PNG'])
  })

  it('counts one content under two names', async () => {
    await writeSite({ 'a.png': await png(), 'b.png': await png(), 'index.html': '<img src="a.png"><img src="b.png">' })

    const report = await rewriteSite(options())

    expect(report.images).toEqual(['a.png', 'b.png'])
    expect(report.uniqueContents).toBe(1)
  })

  it('follows a base element', async () => {
    await writeSite({ 'media/a.png': await png(), 'blog/index.html': '<base href="/media/"><img src="a.png">' })
    const url = await expectedUrl(dir, 'media/a.png')

    await rewriteSite(options())

    expect(await read('blog/index.html')).toBe(`<base href="/media/"><img src="${url}">`)
  })

  it('reports a link leaving the folder', async () => {
    await writeFile(path.join(root, 'secret.png'), await png())
    await writeSite({ 'index.html': '<img src="linked.png">' })
    await symlink(path.join(root, 'secret.png'), path.join(dir, 'linked.png'))
    const uploader = makeInProcessUploader()

    const report = await rewriteSite(options({ upload: uploader.upload }))

    expect(report.issues.map((issue) => issue.reason)).toEqual(['outside'])
    expect(uploader.calls.length).toBe(0)
  })

  it('skips linked pages', async () => {
    const outsidePage = path.join(root, 'outside.html')
    await writeFile(outsidePage, '<img src="a.png">')
    await writeSite({ 'a.png': await png(), 'index.html': '<img src="a.png">' })
    await symlink(outsidePage, path.join(dir, 'linked.html'))
    await symlink(path.join(root, 'gone.html'), path.join(dir, 'dangling.html'))

    const report = await rewriteSite(options())

    expect(report.filesScanned).toBe(1)
    expect(await readFile(outsidePage, 'utf8')).toBe('<img src="a.png">')
  })

  it('skips a file that is not UTF-8', async () => {
    const bytes = Buffer.from('<p>\xff</p><img src="a.png">', 'latin1')
    await writeSite({ 'a.png': await png(), 'index.html': bytes })
    const { logger, lines } = makeLogger()

    await rewriteSite(options({ logger }))

    expect(await readFile(path.join(dir, 'index.html'))).toEqual(bytes)
    expect(lines.warn).toEqual(['Skipped index.html: it is not valid UTF-8, so it cannot be rewritten without changing other bytes.'])
  })

  it('names the reference when the delivery URL fails', async () => {
    await writeSite({ 'a.png': await png(), 'index.html': '<p>\n<img data-cf-variant="bad variant!" src="a.png">' })

    await expect(rewriteSite(options())).rejects.toMatchObject({
      code: 'REWRITE_DELIVERY_URL_FAILED',
      message: expect.stringContaining('index.html:2: building the delivery URL of "a.png" with variant "bad variant!" failed'),
    })
    expect(await read('index.html')).toBe('<p>\n<img data-cf-variant="bad variant!" src="a.png">')
  })

  it('keeps a file preflight rejects', async () => {
    await writeSite({ 'a.png': await png(), 'b.png': '<!doctype html><title>Not found</title>', 'index.html': '<img src="a.png">\n<img src="b.png">' })
    const url = await expectedUrl(dir, 'a.png')
    const uploader = makeInProcessUploader()

    const report = await rewriteSite(options({ upload: uploader.upload, deleteLocal: true }))

    expect(await read('index.html')).toBe(`<img src="${url}">\n<img src="b.png">`)
    expect(report.issues.map((issue) => `${issue.reason} ${issue.file}:${issue.line}`)).toEqual(['rejected index.html:2'])
    expect(uploader.calls.flat().map((source) => source.name)).toEqual(['a.png'])
  })

  it('names a Git LFS pointer', async () => {
    const pointer = 'version https://git-lfs.github.com/spec/v1\noid sha256:' + '0'.repeat(64) + '\nsize 12345\n'
    await writeSite({ 'a.png': pointer, 'index.html': '<img src="a.png">' })

    const report = await rewriteSite(options())

    expect(report.issues[0]?.message).toContain('git lfs pull')
  })

  it('ignores references that are not images', async () => {
    await writeSite({ 'index.html': '<link rel="icon" href="favicon.php"><img src="pixel.cgi"><img src="a.txt">' })

    const report = await rewriteSite(options())

    expect(report.references).toBe(0)
  })

  it('reports a folder as missing', async () => {
    await writeSite({ 'index.html': '<img src="dir.png">', 'dir.png/inner.txt': 'x' })

    const report = await rewriteSite(options())

    expect(report.issues.map((issue) => issue.reason)).toEqual(['missing'])
  })

  it('rejects options without upload', async () => {
    const invalid = { dir, deliveryUrlFor } as unknown as RewriteOptions

    await expect(rewriteSite(invalid)).rejects.toThrow('Invalid option upload')
  })
})
