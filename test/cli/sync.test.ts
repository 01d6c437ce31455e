import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { contentId, Manifest } from '../../src/core/index.js'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { emulatorEnv, fakeSha256, makeTempDir, ownMetadata, readJson, removeDir, runCli } from './helpers.js'

const SEEDED = 10_000

describe('cli sync', () => {
  let emulator: EmulatorHandle
  let dir: string
  let manifestPath: string

  beforeAll(async () => {
    emulator = await startEmulator()
    const images = Array.from({ length: SEEDED }, (_, index) => ({ id: contentId(fakeSha256(index)), meta: ownMetadata(index) }))
    emulator.seed([...images, { id: 'by-hand/logo', meta: { owner: 'someone else' } }])
    dir = await makeTempDir()
    manifestPath = path.join(dir, 'cloudflare-images.manifest.json')
  })

  afterAll(async () => {
    await emulator.close()
    await removeDir(dir)
  })

  beforeEach(() => {
    emulator.resetCounts()
  })

  it('rebuilds a deleted manifest', async () => {
    const result = await runCli(['sync', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(emulator.count('list-v2')).toBeLessThanOrEqual(2)
    expect(emulator.count('upload')).toBe(0)
    const manifest = await Manifest.load(manifestPath, { readOnly: true })
    expect(manifest.images(emulator.accountId).size).toBe(SEEDED)
    expect(result.stdout).toContain(`Manifest ${manifestPath}: ${SEEDED} added, 0 removed.`)
    expect(result.stdout).toContain("1 without this tool's metadata were left alone")
    expect(result.stdout + result.stderr).not.toContain(emulator.token)
  })

  it('newer manifest fails sync', async () => {
    const newerPath = path.join(dir, 'newer.manifest.json')
    const text = `${JSON.stringify({ accounts: {}, version: 99 }, null, 2)}\n`
    await writeFile(newerPath, text)

    const result = await runCli(['sync', '--manifest', newerPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(1)
    expect(result.stderr).toContain('has format version 99')
    expect(result.stdout).not.toContain('added')
    expect(emulator.count('list-v2')).toBe(0)
    expect(await readFile(newerPath, 'utf8')).toBe(text)
  })

  it('verify passes after rebuild', async () => {
    const result = await runCli(['sync', '--verify', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(0)
    expect(result.stdout).not.toContain('missing from the account')
    expect(result.stdout).not.toContain('unknown to the manifest')
  })

  it('verify reports a removed image', async () => {
    const removedId = contentId(fakeSha256(7))
    const deleteResponse = await fetch(`${emulator.apiUrl}/accounts/${emulator.accountId}/images/v1/${encodeURIComponent(removedId)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${emulator.token}` },
    })
    expect(deleteResponse.status).toBe(200)
    const before = await readJson(manifestPath)

    const result = await runCli(['sync', '--verify', '--manifest', manifestPath], { env: emulatorEnv(emulator) })

    expect(result.code).toBe(4)
    expect(result.stdout).toContain('1 manifest entry is missing from the account:')
    expect(result.stdout).toContain(removedId)
    expect(result.stderr).toContain('cloudflare-images: The manifest differs from the account.')
    expect(await readJson(manifestPath)).toEqual(before)
  })

  it('missing token exits 3', async () => {
    const env: Record<string, string> = { ...emulatorEnv(emulator), CLOUDFLARE_API_TOKEN: '' }
    const result = await runCli(['sync', '--manifest', manifestPath], { env })

    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/^cloudflare-images: Missing API token: set CLOUDFLARE_API_TOKEN/)
    expect(emulator.requests()).toHaveLength(0)
  })

  it('wrong token fails without printing it', async () => {
    const wrongToken = 'wrong-token-value-1234567890'
    const result = await runCli(['sync', '--manifest', manifestPath], { env: { ...emulatorEnv(emulator), CLOUDFLARE_API_TOKEN: wrongToken } })

    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^cloudflare-images: .*401/)
    expect(result.stdout + result.stderr).not.toContain(wrongToken)
  })
})
