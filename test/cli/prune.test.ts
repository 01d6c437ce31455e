import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { contentId, Manifest } from '../../src/core/index.js'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { daysAgo, emulatorEnv, fakeSha256, makeTempDir, ownMetadata, removeDir, runCli } from './helpers.js'

// Seeded images, one per case the prune rules tell apart.
const OLD_UNREFERENCED = contentId(fakeSha256(1))
const OLD_REFERENCED = contentId(fakeSha256(2))
const RECENT_UNREFERENCED = contentId(fakeSha256(3))
const OLD_FOREIGN_METADATA = 'img/uploaded-by-another-tool'
const OLD_NO_METADATA = 'hero-by-hand'
const OLD_OTHER_PREFIX = contentId(fakeSha256(4), 'blog/')

describe('cli prune', () => {
  let emulator: EmulatorHandle
  let dir: string
  let manifestPath: string

  beforeEach(async () => {
    emulator = await startEmulator()
    emulator.seed([
      { id: OLD_UNREFERENCED, meta: ownMetadata(1), uploaded: daysAgo(40) },
      { id: OLD_REFERENCED, meta: ownMetadata(2), uploaded: daysAgo(40) },
      { id: RECENT_UNREFERENCED, meta: ownMetadata(3), uploaded: daysAgo(5) },
      { id: OLD_FOREIGN_METADATA, meta: { tool: 'other', sha256: fakeSha256(5) }, uploaded: daysAgo(40) },
      { id: OLD_NO_METADATA, uploaded: daysAgo(400) },
      { id: OLD_OTHER_PREFIX, meta: ownMetadata(4), uploaded: daysAgo(40) },
    ])

    dir = await makeTempDir()
    manifestPath = path.join(dir, 'cloudflare-images.manifest.json')
    const manifest = await Manifest.load(manifestPath)
    manifest.set(emulator.accountId, fakeSha256(2), {
      id: OLD_REFERENCED,
      bytes: 102,
      width: 10,
      height: 20,
      format: 'png',
      file: 'images/photo-2.png',
      uploaded: daysAgo(40),
    })
    await manifest.close()
  })

  afterEach(async () => {
    await emulator.close()
    await removeDir(dir)
  })

  it('plans without deleting', async () => {
    const result = await runCli(['prune', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Would delete 2 images (run again with --yes to delete):')
    expect(result.stdout).toContain(OLD_UNREFERENCED)
    expect(result.stdout).toContain(OLD_OTHER_PREFIX)
    expect(result.stdout).not.toContain(RECENT_UNREFERENCED)
    expect(emulator.count('delete')).toBe(0)
    expect(emulator.imageIds()).toHaveLength(6)
  })

  it('deletes with --yes', async () => {
    const result = await runCli(['prune', '--yes', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Deleted 2 images.')
    expect(emulator.imageIds().sort()).toEqual([OLD_REFERENCED, RECENT_UNREFERENCED, OLD_FOREIGN_METADATA, OLD_NO_METADATA].sort())
    expect(result.stdout + result.stderr).not.toContain(emulator.token)
  })

  it('age limit from --older-than', async () => {
    const result = await runCli(['prune', '--older-than', '3', '--yes', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(0)
    expect(emulator.imageIds()).not.toContain(RECENT_UNREFERENCED)
    expect(emulator.imageIds()).toContain(OLD_REFERENCED)
    expect(emulator.imageIds()).toContain(OLD_FOREIGN_METADATA)
  })

  it('id prefix limits candidates', async () => {
    const result = await runCli(['prune', '--id-prefix', 'blog/', '--yes', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(0)
    expect(emulator.imageIds()).not.toContain(OLD_OTHER_PREFIX)
    expect(emulator.imageIds()).toContain(OLD_UNREFERENCED)
  })

  it('empty manifest deletes nothing', async () => {
    const result = await runCli(['prune', '--yes', '--manifest', path.join(dir, 'absent.json')], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(1)
    expect(result.stderr).toContain('has no images for this account, so prune would delete every image this tool uploaded')
    expect(emulator.requests()).toHaveLength(0)
    expect(emulator.imageIds()).toHaveLength(6)
  })

  it('invalid entry stops prune', async () => {
    // A hand edit gave the entry of an image the site still uses a width of the wrong type.
    const data = JSON.parse(await readFile(manifestPath, 'utf8'))
    data.accounts[emulator.accountId].images[fakeSha256(1)] = { id: OLD_UNREFERENCED, bytes: 101, width: '4', height: 20, format: 'png', file: 'images/photo-1.png', uploaded: daysAgo(40) }
    await writeFile(manifestPath, `${JSON.stringify(data, null, 2)}\n`)

    const result = await runCli(['prune', '--yes', '--older-than', '0', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(1)
    expect(result.stderr).toContain('has 1 invalid entry')
    expect(result.stderr).toContain('Run `cloudflare-images sync` to rebuild the manifest')
    expect(emulator.count('delete')).toBe(0)
    expect(emulator.imageIds()).toHaveLength(6)
  })

  it('newer manifest stops prune', async () => {
    const data = JSON.parse(await readFile(manifestPath, 'utf8'))
    await writeFile(manifestPath, `${JSON.stringify({ ...data, version: 99 }, null, 2)}\n`)

    const result = await runCli(['prune', '--yes', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(1)
    expect(result.stderr).toContain('has format version 99')
    expect(result.stderr).toContain('Upgrade vite-plugin-cloudflare-images')
    expect(result.stderr).not.toContain('sync')
    expect(emulator.requests()).toHaveLength(0)
  })

  it('invalid --older-than exits 2', async () => {
    const result = await runCli(['prune', '--older-than', 'soon', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^cloudflare-images: Invalid --older-than "soon"/)
    expect(emulator.requests()).toHaveLength(0)
  })

  it('failed delete exits 1', async () => {
    emulator.injectFault({ endpoint: 'delete', times: 10, response: { kind: 'status', status: 403, cfCode: 5403 } })

    const result = await runCli(['prune', '--yes', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`could not delete ${OLD_UNREFERENCED}`)
    expect(result.stderr).toContain('Failed to delete 2 images; run prune again to retry them.')
    expect(emulator.imageIds()).toHaveLength(6)
  })
})
