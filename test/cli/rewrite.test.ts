import { access, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { contentId, sha256Bytes } from '../../src/core/index.js'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { emulatorEnv, makeTempDir, removeDir, runCli, writePng } from './helpers.js'

const INDEX_HTML = `<!doctype html>
<html>
  <body>
    <img src="images/photo.png" alt="photo">
    <img src="/docs/images/logo.png" alt="logo" data-cf-variant="thumbnail">
  </body>
</html>
`

describe('cli rewrite', () => {
  let emulator: EmulatorHandle
  let dir: string
  let siteDir: string
  let manifestPath: string
  let photoId: string
  let logoId: string

  function deliveryUrl(id: string, variant: string): string {
    return `${emulator.deliveryUrl}/${emulator.accountHash}/${id}/${variant}`
  }

  beforeEach(async () => {
    emulator = await startEmulator()
    dir = await makeTempDir()
    siteDir = path.join(dir, 'dist')
    manifestPath = path.join(dir, 'cloudflare-images.manifest.json')

    photoId = contentId(sha256Bytes(await writePng(path.join(siteDir, 'images', 'photo.png'), { r: 200, g: 10, b: 10 })))
    logoId = contentId(sha256Bytes(await writePng(path.join(siteDir, 'images', 'logo.png'), { r: 10, g: 10, b: 200 })))
    await writeFile(path.join(siteDir, 'index.html'), INDEX_HTML)
  })

  afterEach(async () => {
    await emulator.close()
    await removeDir(dir)
  })

  it('uploads and rewrites a site', async () => {
    const result = await runCli(['rewrite', siteDir, '--base', '/docs/', '--manifest', manifestPath], { env: emulatorEnv(emulator) })
    const html = await readFile(path.join(siteDir, 'index.html'), 'utf8')

    expect(result.code).toBe(0)
    expect(html).toContain(`<img src="${deliveryUrl(photoId, 'public')}" alt="photo">`)
    expect(html).toContain(`<img src="${deliveryUrl(logoId, 'thumbnail')}" alt="logo">`)
    expect(emulator.count('upload', { status: 200 })).toBe(2)
    expect(result.stdout).toContain('Uploads: 2 images, 2 uploaded (')
    expect(result.stdout).toContain('Rewrote 2 of 2 image references in 1 of 1 file; deleted 0 local copies.')
    expect(result.stdout + result.stderr).not.toContain(emulator.token)
  })

  it('summary only on stdout', async () => {
    const result = await runCli(['rewrite', siteDir, '--base', '/docs/', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Rewrote 2 of 2')
    expect(result.stderr).not.toContain('Rewrote')
  })

  it('second run uploads nothing', async () => {
    await runCli(['rewrite', siteDir, '--base', '/docs/', '--manifest', manifestPath], { env: emulatorEnv(emulator) })
    const firstHtml = await readFile(path.join(siteDir, 'index.html'), 'utf8')
    emulator.resetCounts()

    const result = await runCli(['rewrite', siteDir, '--base', '/docs/', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(0)
    expect(emulator.count('upload')).toBe(0)
    expect(await readFile(path.join(siteDir, 'index.html'), 'utf8')).toBe(firstHtml)
  })

  it('delete-local removes uploaded copies', async () => {
    const result = await runCli(['rewrite', siteDir, '--base', '/docs/', '--delete-local', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(0)
    await expect(access(path.join(siteDir, 'images', 'photo.png'))).rejects.toThrow(/ENOENT/)
    await expect(access(path.join(siteDir, 'images', 'logo.png'))).rejects.toThrow(/ENOENT/)
  })

  it('variant flag sets the default', async () => {
    const result = await runCli(['rewrite', siteDir, '--base', '/docs/', '--variant', 'w=400,fit=cover', '--manifest', manifestPath], { env: emulatorEnv(emulator) })
    const html = await readFile(path.join(siteDir, 'index.html'), 'utf8')

    expect(result.code).toBe(0)
    expect(html).toContain(deliveryUrl(photoId, 'w=400,fit=cover'))
    expect(html).toContain(deliveryUrl(logoId, 'thumbnail'))
  })

  it('dry run changes nothing', async () => {
    const result = await runCli(['rewrite', siteDir, '--base', '/docs/', '--dry-run', '--delete-local', '--manifest', manifestPath], {
      env: { CLOUDFLARE_API_BASE_URL: emulator.apiUrl },
    })

    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Would rewrite 2 of 2 image references in 1 of 1 file:')
    expect(result.stdout).toContain('Would delete 2 local copies.')
    expect(result.stdout).toContain('2 images (2 distinct) to upload or confirm; set CLOUDFLARE_ACCOUNT_ID')
    expect(await readFile(path.join(siteDir, 'index.html'), 'utf8')).toBe(INDEX_HTML)
    await expect(access(path.join(siteDir, 'images', 'photo.png'))).resolves.toBeUndefined()
    await expect(access(manifestPath)).rejects.toThrow(/ENOENT/)
    expect(emulator.requests()).toHaveLength(0)
  })

  it('dry run reads the manifest', async () => {
    await runCli(['rewrite', siteDir, '--base', '/docs/', '--manifest', manifestPath], { env: emulatorEnv(emulator) })
    await writeFile(path.join(siteDir, 'index.html'), INDEX_HTML)
    emulator.resetCounts()

    const result = await runCli(['rewrite', siteDir, '--base', '/docs/', '--dry-run', '--manifest', manifestPath], {
      env: { CLOUDFLARE_ACCOUNT_ID: emulator.accountId },
    })

    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Would upload 0 images (0 B); 2 already in the manifest; 0 would fail preflight.')
    expect(emulator.requests()).toHaveLength(0)
  })

  it('upload failure leaves the site', async () => {
    emulator.injectFault({ endpoint: 'upload', times: 1, response: { kind: 'status', status: 403, cfCode: 5403 } })

    const result = await runCli(['rewrite', siteDir, '--base', '/docs/', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(1)
    expect(result.stderr).toContain('5403')
    expect(result.stderr).toMatch(/images\/(photo|logo)\.png/)
    expect(await readFile(path.join(siteDir, 'index.html'), 'utf8')).toBe(INDEX_HTML)
  })

  it('failed upload listed once', async () => {
    emulator.injectFault({ endpoint: 'upload', times: Infinity, response: { kind: 'status', status: 403, cfCode: 5403 } })

    const result = await runCli(['rewrite', siteDir, '--base', '/docs/', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(1)
    expect(result.stderr.split('images/photo.png')).toHaveLength(2)
    expect(result.stderr.split('images/logo.png')).toHaveLength(2)
    expect(result.stdout).toBe('')
  })

  it('file argument exits 2', async () => {
    const result = await runCli(['rewrite', path.join(siteDir, 'index.html'), '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^cloudflare-images: Invalid folder .*index\.html: it is a file, and a folder is expected\./)
    expect(result.stderr).not.toContain('ENOTDIR')
  })

  it('dry run warns of a bad manifest truthfully', async () => {
    await writeFile(manifestPath, '{not json')

    const result = await runCli(['rewrite', siteDir, '--base', '/docs/', '--dry-run', '--manifest', manifestPath], {
      env: { CLOUDFLARE_ACCOUNT_ID: emulator.accountId },
    })

    expect(result.code).toBe(0)
    expect(result.stderr).toContain('A dry run leaves the file unchanged')
    expect(result.stderr).not.toContain('will be rewritten')
    expect(await readFile(manifestPath, 'utf8')).toBe('{not json')
  })

  it('dry run rejects an invalid account id', async () => {
    const result = await runCli(['rewrite', siteDir, '--dry-run', '--manifest', manifestPath], { env: { CLOUDFLARE_ACCOUNT_ID: 'not-an-id' } })

    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Invalid CLOUDFLARE_ACCOUNT_ID: expected 32 hexadecimal characters, got 9 characters.')
    expect(result.stderr).not.toContain('not-an-id')
    expect(result.stdout).toBe('')
  })

  it('invalid concurrency exits 2', async () => {
    const result = await runCli(['rewrite', siteDir, '--concurrency', '0', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^cloudflare-images: Invalid --concurrency 0/)
  })

  it('missing dir argument exits 2', async () => {
    const result = await runCli(['rewrite'], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(2)
    expect(result.stderr).toContain('missing required args')
  })
})
