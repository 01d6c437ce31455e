import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { RollupError } from 'rollup'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { contentId, Manifest, sha256Bytes } from '../../src/core/index.js'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { buildFixture, emitFilesPlugin, emulatorOptions, FIXTURES, makeTempDir, removeDir } from './helpers.js'

describe('rollup credentials and account hash', () => {
  let emulator: EmulatorHandle
  let dir: string
  const outDirs: string[] = []

  beforeAll(async () => {
    // The plugin falls back to these variables, so values from the machine running the tests must not leak in.
    for (const name of ['CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_IMAGES_ACCOUNT_HASH']) vi.stubEnv(name, '')
    emulator = await startEmulator()
    dir = await makeTempDir()
  })

  afterAll(async () => {
    vi.unstubAllEnvs()
    await emulator.close()
    await removeDir(dir)
    for (const outDir of outDirs) await removeDir(outDir)
  })

  it('keep-local builds local files', async () => {
    const { apiToken: _apiToken, ...withoutToken } = emulatorOptions(emulator, dir)
    emulator.resetCounts()

    const result = await buildFixture('rollup-imports', { ...withoutToken, onMissingCredentials: 'keep-local' })
    outDirs.push(result.outDir)

    expect(emulator.requests()).toHaveLength(0)
    expect(result.files).toContain('main.js')
    expect(result.files.filter((file) => file.startsWith('assets/photo'))).toHaveLength(1)
    expect(result.code).toMatch(/var photo = new URL\('assets\/photo-[\w-]+\.png', import\.meta\.url\)\.href;/)
    expect(result.logs).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringContaining('Missing CLOUDFLARE_API_TOKEN (apiToken): images stay local') }))
  })

  it('keep-local leaves emitted files', async () => {
    const { accountId: _accountId, ...withoutAccount } = emulatorOptions(emulator, dir)

    const result = await buildFixture('rollup-emitted', { ...withoutAccount, onMissingCredentials: 'keep-local' }, { plugins: [emitFilesPlugin()] })
    outDirs.push(result.outDir)

    expect(result.files.filter((file) => file.startsWith('assets/hero'))).toHaveLength(1)
    expect(result.code).toMatch(/var hero = new URL\('assets\/hero-[\w-]+\.png', import\.meta\.url\)\.href;/)
  })

  it('error mode fails the build', async () => {
    const { apiToken: _apiToken, ...withoutToken } = emulatorOptions(emulator, dir)

    const error = (await buildFixture('rollup-imports', { ...withoutToken, onMissingCredentials: 'error' }).catch((caught: unknown) => caught)) as RollupError

    expect(error.pluginCode).toBe('CF_IMAGES_MISSING_CREDENTIALS')
    expect(error.message).toContain("Missing CLOUDFLARE_API_TOKEN (apiToken): set it, or set onMissingCredentials: 'keep-local'")
  })

  it('empty account without hash fails', async () => {
    const { accountHash: _accountHash, ...withoutHash } = emulatorOptions(emulator, dir)

    const error = (await buildFixture('rollup-imports', { ...withoutHash, manifest: path.join(dir, 'empty.json') }).catch((caught: unknown) => caught)) as RollupError

    expect(error.pluginCode).toBe('CF_IMAGES_ACCOUNT_HASH_UNKNOWN')
    expect(error.message).toContain('CLOUDFLARE_IMAGES_ACCOUNT_HASH')
  })

  it('hash discovered once, then from manifest', async () => {
    emulator.seed([{ id: 'by-hand/existing' }])
    const { accountHash: _accountHash, ...withoutHash } = emulatorOptions(emulator, dir)
    const options = { ...withoutHash, manifest: path.join(dir, 'discovery.json') }
    const photoId = contentId(sha256Bytes(await readFile(path.join(FIXTURES, 'rollup-imports', 'images', 'photo.png'))))
    emulator.resetCounts()

    const first = await buildFixture('rollup-imports', options)
    outDirs.push(first.outDir)
    const listsAfterFirst = emulator.count('list-v2')
    const second = await buildFixture('rollup-imports', options)
    outDirs.push(second.outDir)
    const manifest = await Manifest.load(options.manifest, { readOnly: true })

    expect(first.code).toContain(`"${emulator.deliveryUrl}/${emulator.accountHash}/${photoId}/public"`)
    expect(listsAfterFirst).toBe(1)
    expect(emulator.count('list-v2')).toBe(1)
    expect(manifest.accountHash(emulator.accountId)).toBe(emulator.accountHash)
  })
})
