import { access, copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { contentId, Manifest, sha256Bytes } from '../../src/core/index.js'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { emulatorEnv, makeTempDir, removeDir, runCli, writePng } from './helpers.js'

describe('cli status', () => {
  let emulator: EmulatorHandle
  let dir: string
  let siteDir: string
  let manifestPath: string
  let newBytes: Buffer

  beforeAll(async () => {
    emulator = await startEmulator()
    dir = await makeTempDir()
    siteDir = path.join(dir, 'public')
    manifestPath = path.join(dir, 'cloudflare-images.manifest.json')

    newBytes = await writePng(path.join(siteDir, 'new.png'), { r: 255, g: 0, b: 0 })
    await copyFile(path.join(siteDir, 'new.png'), path.join(siteDir, 'copy of new.png'))
    const knownBytes = await writePng(path.join(siteDir, 'nested', 'KNOWN.PNG'), { r: 0, g: 255, b: 0 })
    await writeFile(path.join(siteDir, 'pointer.png'), 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n')
    await mkdir(path.join(siteDir, 'node_modules', 'pkg'), { recursive: true })
    await writePng(path.join(siteDir, 'node_modules', 'pkg', 'ignored.png'), { r: 0, g: 0, b: 255 })
    await writeFile(path.join(siteDir, 'notes.txt'), 'not an image')
    // Skipped: the plugins keep AVIF local, so it would only show up as a preflight failure.
    await writeFile(path.join(siteDir, 'photo.avif'), 'stays local')

    const sha256 = sha256Bytes(knownBytes)
    const manifest = await Manifest.load(manifestPath)
    manifest.set(emulator.accountId, sha256, { id: contentId(sha256), bytes: knownBytes.length, width: 8, height: 8, format: 'png', file: 'nested/KNOWN.PNG', uploaded: new Date().toISOString() })
    await manifest.close()
  })

  afterAll(async () => {
    await emulator.close()
    await removeDir(dir)
  })

  it('json plan of a folder', async () => {
    const result = await runCli(['status', siteDir, '--json', '--manifest', manifestPath], { env: emulatorEnv(emulator) })
    const plan = JSON.parse(result.stdout)

    expect(plan.images).toBe(4)
    expect(plan.unique).toBe(3)
    expect(plan.known).toBe(1)
    expect(plan.toUpload).toEqual([
      { file: 'copy of new.png', id: contentId(sha256Bytes(newBytes)), sha256: sha256Bytes(newBytes), bytes: newBytes.length, format: 'png' },
    ])
    expect(plan.bytesToUpload).toBe(newBytes.length)
    expect(plan.failures).toHaveLength(1)
    expect(plan.failures[0].file).toBe('pointer.png')
    expect(plan.failures[0].code).toBe('PREFLIGHT_LFS_POINTER')
  })

  it('preflight failure exits 1', async () => {
    const result = await runCli(['status', siteDir, '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(1)
    expect(result.stdout).toContain('4 images (3 distinct): 1 already uploaded according to the manifest.')
    expect(result.stdout).toContain('Would upload 1 image (')
    expect(result.stdout).toContain('1 image would fail before upload:')
    expect(result.stdout).toContain('git lfs pull')
  })

  it('sends no request and writes nothing', async () => {
    emulator.resetCounts()
    const absentManifest = path.join(dir, 'absent.json')

    await runCli(['status', siteDir, '--manifest', absentManifest], { env: emulatorEnv(emulator) })

    expect(emulator.requests()).toHaveLength(0)
    await expect(access(absentManifest)).rejects.toThrow(/ENOENT/)
  })

  it('defaults to the current folder', async () => {
    const result = await runCli(['status', '--json', '--manifest', manifestPath], { env: emulatorEnv(emulator), cwd: path.join(siteDir, 'nested') })
    const plan = JSON.parse(result.stdout)

    expect(result.code).toBe(0)
    expect(plan.images).toBe(1)
    expect(plan.known).toBe(1)
  })

  it('needs no token', async () => {
    const result = await runCli(['status', siteDir, '--json', '--manifest', manifestPath], { env: { CLOUDFLARE_ACCOUNT_ID: emulator.accountId } })

    expect(JSON.parse(result.stdout).images).toBe(4)
  })

  it('missing account id exits 3', async () => {
    const result = await runCli(['status', siteDir, '--manifest', manifestPath])

    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/^cloudflare-images: Missing account ID/)
  })

  it('missing folder exits 1', async () => {
    const result = await runCli(['status', path.join(dir, 'nope'), '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Folder not found')
  })
})

describe('cli status folders', () => {
  const accountEnv = { CLOUDFLARE_ACCOUNT_ID: '0123456789abcdef0123456789abcdef' }
  let dir: string
  let manifestPath: string

  beforeEach(async () => {
    dir = await makeTempDir()
    manifestPath = path.join(dir, 'absent.manifest.json')
  })

  afterEach(async () => {
    await removeDir(dir)
  })

  it('symbolic link loops not followed', async () => {
    const siteDir = path.join(dir, 'site')
    await writePng(path.join(siteDir, 'a', 'x.png'), { r: 1, g: 2, b: 3 })
    await symlink('..', path.join(siteDir, 'a', 'up'))
    await symlink('..', path.join(siteDir, 'a', 'up2'))

    const result = await runCli(['status', siteDir, '--json', '--manifest', manifestPath], { env: accountEnv })
    const plan = JSON.parse(result.stdout)

    expect(result.code).toBe(0)
    expect(plan.images).toBe(1)
    expect(plan.toUpload.map((image: { file: string }) => image.file)).toEqual(['a/x.png'])
  })

  it('links outside the folder not read', async () => {
    const siteDir = path.join(dir, 'site')
    const outsideDir = path.join(dir, 'outside')
    await writePng(path.join(siteDir, 'own.png'), { r: 10, g: 20, b: 30 })
    await writePng(path.join(outsideDir, 'secret.png'), { r: 200, g: 0, b: 0 })
    await symlink(path.join(outsideDir, 'secret.png'), path.join(siteDir, 'link.png'))
    await symlink(outsideDir, path.join(siteDir, 'dirlink'))

    const result = await runCli(['status', siteDir, '--json', '--manifest', manifestPath], { env: accountEnv })
    const plan = JSON.parse(result.stdout)

    expect(result.code).toBe(0)
    expect(plan.toUpload.map((image: { file: string }) => image.file)).toEqual(['own.png'])
    expect(plan.outsideLinks).toEqual(['link.png'])
  })

  it('link inside the folder counted', async () => {
    const siteDir = path.join(dir, 'site')
    await writePng(path.join(siteDir, 'own.png'), { r: 10, g: 20, b: 30 })
    await symlink('own.png', path.join(siteDir, 'alias.png'))

    const result = await runCli(['status', siteDir, '--json', '--manifest', manifestPath], { env: accountEnv })
    const plan = JSON.parse(result.stdout)

    expect(plan.images).toBe(2)
    expect(plan.unique).toBe(1)
    expect(plan.outsideLinks).toEqual([])
  })

  it('outside link listed in text', async () => {
    const siteDir = path.join(dir, 'site')
    await writePng(path.join(dir, 'secret.png'), { r: 200, g: 0, b: 0 })
    await mkdir(siteDir, { recursive: true })
    await symlink(path.join(dir, 'secret.png'), path.join(siteDir, 'link.png'))

    const result = await runCli(['status', siteDir, '--manifest', manifestPath], { env: accountEnv })

    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Skipped 1 symbolic link with a target outside the folder (not read):\n  link.png\n')
  })

  it('dist skipped below the folder', async () => {
    await writePng(path.join(dir, 'public', 'logo.png'), { r: 10, g: 20, b: 30 })
    await writePng(path.join(dir, 'dist', 'logo.png'), { r: 10, g: 20, b: 30 })

    const result = await runCli(['status', '--json', '--manifest', manifestPath], { env: accountEnv, cwd: dir })
    const plan = JSON.parse(result.stdout)

    expect(plan.images).toBe(1)
    expect(plan.skippedFolders).toEqual(['dist'])
  })

  it('dist skip named in text', async () => {
    await writePng(path.join(dir, 'dist', 'logo.png'), { r: 10, g: 20, b: 30 })

    const result = await runCli(['status', '--manifest', manifestPath], { env: accountEnv, cwd: dir })

    expect(result.stdout).toContain('Skipped dist/, the build output; run `cloudflare-images status dist` to check it.')
  })

  it('dist counted when passed', async () => {
    await writePng(path.join(dir, 'dist', 'logo.png'), { r: 10, g: 20, b: 30 })

    const result = await runCli(['status', 'dist', '--json', '--manifest', manifestPath], { env: accountEnv, cwd: dir })
    const plan = JSON.parse(result.stdout)

    expect(plan.images).toBe(1)
    expect(plan.skippedFolders).toEqual([])
  })

  it('file argument exits 2', async () => {
    await writePng(path.join(dir, 'logo.png'), { r: 10, g: 20, b: 30 })

    const result = await runCli(['status', path.join(dir, 'logo.png'), '--manifest', manifestPath], { env: accountEnv })

    expect(result.code).toBe(2)
    expect(result.stderr).toContain('it is a file, and a folder is expected')
  })

  it('bad manifest warning fits a dry run', async () => {
    await writePng(path.join(dir, 'logo.png'), { r: 10, g: 20, b: 30 })
    await writeFile(manifestPath, '{not json')

    const result = await runCli(['status', dir, '--manifest', manifestPath], { env: accountEnv })

    expect(result.code).toBe(0)
    expect(result.stderr).toContain('A dry run leaves the file unchanged')
    expect(result.stderr).not.toContain('will be rewritten')
    expect(await readFile(manifestPath, 'utf8')).toBe('{not json')
  })

  it.each([
    [['--account-id', 'xyz'], {}, 'Invalid --account-id: expected 32 hexadecimal characters, got 3 characters.'],
    [[], { CLOUDFLARE_ACCOUNT_ID: 'not-an-id' }, 'Invalid CLOUDFLARE_ACCOUNT_ID: expected 32 hexadecimal characters, got 9 characters.'],
  ])('invalid account id exits 2 (%j)', async (flags, env, message) => {
    const result = await runCli(['status', dir, ...flags, '--manifest', manifestPath], { env })

    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr).not.toMatch(/xyz|not-an-id/)
    expect(result.stdout).toBe('')
  })
})
