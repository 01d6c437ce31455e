import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Manifest, uploadImages } from '../../src/core/index.js'
import { spawnUploadChild, type UploadChild } from './child-process.js'
import { startTestAccount, writeImages, type TestAccount } from './emulator-helpers.js'
import { tempDirs } from './helpers.js'

const dirs = tempDirs()
let account: TestAccount | undefined
const children: UploadChild[] = []
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL')
    await child.exit
  }
  await account?.close()
  account = undefined
  await dirs.cleanup()
})

const IMAGES = 200
const KILL_AFTER = 60

describe('uploadImages in a killed process', () => {
  it('SIGKILL keeps every confirmed upload', async () => {
    account = await startTestAccount({ latencyMs: { upload: 15 } })
    const root = await dirs.make()
    const sources = await writeImages(root, Array.from({ length: IMAGES }, (_, index) => index + 1000))
    const manifestPath = join(root, 'manifest.json')

    const child = spawnUploadChild(account.emulator, manifestPath, sources)
    children.push(child)
    await child.waitForLines(/^uploaded /, KILL_AFTER)
    process.kill(await child.pid, 'SIGKILL')
    await child.exit

    const remoteIds = new Set(account.emulator.imageIds())
    expect(remoteIds.size).toBeGreaterThanOrEqual(KILL_AFTER)
    expect(remoteIds.size).toBeLessThan(IMAGES)

    // Valid JSON, and every recorded ID was confirmed by the emulator.
    JSON.parse(await readFile(manifestPath, 'utf8'))
    const manifest = await Manifest.load(manifestPath)
    const recorded = [...manifest.images(account.emulator.accountId).values()]
    expect(recorded.length).toBeGreaterThan(0)
    expect(recorded.filter((entry) => !remoteIds.has(entry.id))).toEqual([])

    // Requests in flight at the kill may still finish on the emulator, so the second run is
    // checked against what it finds, not against the snapshot above.
    account.emulator.resetCounts()
    const result = await uploadImages(sources, { api: account.client(), accountId: account.emulator.accountId, manifestPath })
    expect(result.summary.known).toBe(recorded.length)
    expect(result.summary.uploaded + result.summary.alreadyPresent).toBe(IMAGES - recorded.length)
    expect(result.summary.uploaded).toBeLessThanOrEqual(IMAGES - remoteIds.size)
    expect(account.emulator.count('upload', { status: 200 })).toBe(result.summary.uploaded)
    expect(account.emulator.imageIds()).toHaveLength(IMAGES)
    expect((await Manifest.load(manifestPath)).images(account.emulator.accountId).size).toBe(IMAGES)
  })
})

describe('uploadImages in two processes', () => {
  it('overlapping sets: union, no double upload', async () => {
    account = await startTestAccount({ latencyMs: { upload: 10 } })
    const root = await dirs.make()
    const sources = await writeImages(root, Array.from({ length: 90 }, (_, index) => index + 2000))
    const manifestPath = join(root, 'manifest.json')

    const first = spawnUploadChild(account.emulator, manifestPath, sources.slice(0, 60))
    const second = spawnUploadChild(account.emulator, manifestPath, sources.slice(30))
    children.push(first, second)
    expect(await first.exit).toBe(0)
    expect(await second.exit).toBe(0)

    const manifest = await Manifest.load(manifestPath)
    const recordedFiles = [...manifest.images(account.emulator.accountId).values()].map((entry) => entry.file).sort()
    expect(recordedFiles).toEqual(sources.map((source) => source.name).sort())
    expect(account.emulator.count('upload', { status: 200 })).toBe(90)
    expect(account.emulator.imageIds()).toHaveLength(90)
  })
})
