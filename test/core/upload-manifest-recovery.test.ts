import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Manifest, uploadImages } from '../../src/core/index.js'
import { startTestAccount, writeImages, type TestAccount } from './emulator-helpers.js'
import { recordingLogger, tempDirs } from './helpers.js'

const dirs = tempDirs()
let account: TestAccount | undefined
afterEach(async () => {
  await account?.close()
  account = undefined
  await dirs.cleanup()
})

const seeds = (count: number, start: number) => Array.from({ length: count }, (_, index) => start + index)

describe('uploadImages with a damaged manifest', () => {
  it('corrupt manifest: one warning, correct result', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const sources = await writeImages(root, seeds(5, 1))
    const manifestPath = join(root, 'manifest.json')
    const options = { api: account.client(), accountId: account.emulator.accountId, manifestPath }
    const first = await uploadImages(sources, options)
    const text = await readFile(manifestPath, 'utf8')
    await writeFile(manifestPath, text.slice(0, 200))

    const logger = recordingLogger()
    const second = await uploadImages(sources, { ...options, logger })

    expect(logger.warnings()).toHaveLength(1)
    expect(logger.warnings()[0]).toContain(manifestPath)
    expect(second.images.map((image) => image.entry.id)).toEqual(first.images.map((image) => image.entry.id))
    expect(account.emulator.count('upload', { status: 200 })).toBe(5)
    expect((await Manifest.load(manifestPath)).images(account.emulator.accountId).size).toBe(5)
  })

  it('deleted manifest: one list request, no uploads', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const sources = await writeImages(root, seeds(25, 100))
    const manifestPath = join(root, 'manifest.json')
    const options = { api: account.client(), accountId: account.emulator.accountId, manifestPath }
    await uploadImages(sources, options)
    const before = await readFile(manifestPath, 'utf8')
    await rm(manifestPath)
    account.emulator.resetCounts()

    const result = await uploadImages(sources, options)

    expect(account.emulator.count('list-v2')).toBe(1)
    expect(account.emulator.count('upload')).toBe(0)
    expect(account.emulator.count('get')).toBe(0)
    expect(result.summary).toMatchObject({ alreadyPresent: 25, uploaded: 0, requests: 1 })
    expect(await readFile(manifestPath, 'utf8')).toBe(before)
  })

  it('deleted manifest, large account: ceil(N / 10,000) lists', async () => {
    account = await startTestAccount()
    account.emulator.seed(Array.from({ length: 10_050 }, (_, index) => ({ id: `other/${index}` })))
    const root = await dirs.make()
    const sources = await writeImages(root, seeds(20, 300))
    const manifestPath = join(root, 'manifest.json')
    const options = { api: account.client(), accountId: account.emulator.accountId, manifestPath }
    await uploadImages(sources, { ...options, listThreshold: false })
    await rm(manifestPath)
    account.emulator.resetCounts()

    const result = await uploadImages(sources, options)
    expect(account.emulator.count('list-v2')).toBe(Math.ceil(10_070 / 10_000))
    expect(account.emulator.count('upload')).toBe(0)
    expect(result.summary.requests).toBe(2)
  })

  it('few unknown images skip the listing', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const sources = await writeImages(root, seeds(3, 400))
    await uploadImages(sources, { api: account.client(), accountId: account.emulator.accountId, manifestPath: join(root, 'manifest.json') })
    expect(account.emulator.count('list-v2')).toBe(0)
  })

  it('listing is skipped with known entries', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const manifestPath = join(root, 'manifest.json')
    const options = { api: account.client(), accountId: account.emulator.accountId, manifestPath, listThreshold: 1 }
    await uploadImages(await writeImages(root, [500]), options)
    account.emulator.resetCounts()
    await uploadImages(await writeImages(root, [501, 502]), options)
    expect(account.emulator.count('list-v2')).toBe(0)
  })
})

describe('uploadImages batch mode', () => {
  it('large job uses the batch host', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const sources = await writeImages(root, seeds(3, 600))
    await uploadImages(sources, { api: account.client(), accountId: account.emulator.accountId, manifestPath: join(root, 'm.json'), batchThreshold: 2 })
    expect(account.emulator.count('batch-token')).toBe(1)
    expect(account.emulator.count('upload', { batch: true })).toBe(3)
  })

  it('no batch token: one warning, normal API', async () => {
    account = await startTestAccount()
    account.emulator.injectFault({ endpoint: 'batch-token', times: 10, response: { kind: 'status', status: 403, body: 'json', cfCode: 5403 } })
    const root = await dirs.make()
    const sources = await writeImages(root, seeds(3, 700))
    const logger = recordingLogger()
    await uploadImages(sources, { api: account.client(), accountId: account.emulator.accountId, manifestPath: join(root, 'm.json'), batchThreshold: 2, logger })
    expect(logger.warnings()).toEqual([expect.stringContaining('batch token')])
    expect(account.emulator.count('upload', { batch: false, status: 200 })).toBe(3)
  })

  it('small job uses the normal API', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    await uploadImages(await writeImages(root, seeds(2, 800)), { api: account.client(), accountId: account.emulator.accountId, manifestPath: join(root, 'm.json'), batchThreshold: 2 })
    expect(account.emulator.count('batch-token')).toBe(0)
  })
})
