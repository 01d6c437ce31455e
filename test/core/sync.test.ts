import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AccountHashError, discoverAccountHash, planUploads, syncManifest, uploadImages } from '../../src/core/index.js'
import { startTestAccount, writeImages, type TestAccount } from './emulator-helpers.js'
import { tempDirs } from './helpers.js'

const dirs = tempDirs()
let account: TestAccount | undefined
afterEach(async () => {
  await account?.close()
  account = undefined
  await dirs.cleanup()
})

async function uploadedAccount(seeds: number[]) {
  account = await startTestAccount()
  const root = await dirs.make()
  const sources = await writeImages(root, seeds)
  const manifestPath = join(root, 'manifest.json')
  const api = account.client()
  const result = await uploadImages(sources, { api, accountId: account.emulator.accountId, manifestPath })
  account.emulator.resetCounts()
  return { root, sources, manifestPath, api, result, emulator: account.emulator }
}

describe('syncManifest', () => {
  it('rebuild recreates the same manifest', async () => {
    const { root, manifestPath, api, emulator } = await uploadedAccount([1, 2, 3])
    emulator.seed([{ id: 'someone-else/a' }, { id: 'someone-else/b' }])
    const rebuiltPath = join(root, 'rebuilt.json')

    const result = await syncManifest({ api, accountId: emulator.accountId, manifestPath: rebuiltPath, mode: 'rebuild' })

    expect(result).toMatchObject({ added: 3, removed: 0, foreign: 2, remoteImages: 5, requests: 1 })
    expect(result.unknownLocally).toHaveLength(3)
    expect(await readFile(rebuiltPath, 'utf8')).toBe(await readFile(manifestPath, 'utf8'))
  })

  it('verify reports without writing', async () => {
    const { manifestPath, api, emulator, result: uploaded } = await uploadedAccount([4, 5])
    const goneId = uploaded.images[0]?.entry.id as string
    await api.delete(goneId)
    const before = await stat(manifestPath)

    const result = await syncManifest({ api, accountId: emulator.accountId, manifestPath, mode: 'verify' })

    expect(result.missingRemotely.map((item) => item.id)).toEqual([goneId])
    expect(result.added).toBe(0)
    expect((await stat(manifestPath)).mtimeMs).toBe(before.mtimeMs)
  })

  it('rebuild removes missing entries', async () => {
    const { manifestPath, api, emulator, result: uploaded } = await uploadedAccount([6, 7])
    await api.delete(uploaded.images[0]?.entry.id as string)

    const result = await syncManifest({ api, accountId: emulator.accountId, manifestPath, mode: 'rebuild' })
    expect(result.removed).toBe(1)
    const text = await readFile(manifestPath, 'utf8')
    expect(text).not.toContain(uploaded.images[0]?.entry.id)
    expect(text).toContain(uploaded.images[1]?.entry.id)
  })
})

describe('discoverAccountHash', () => {
  it('reads the hash with one request', async () => {
    const { api, emulator } = await uploadedAccount([8])
    expect(await discoverAccountHash(api)).toBe(emulator.accountHash)
    expect(emulator.count('list-v2')).toBe(1)
  })

  it('empty account names the variable', async () => {
    account = await startTestAccount()
    const error = await discoverAccountHash(account.client()).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AccountHashError)
    expect((error as Error).message).toContain('CLOUDFLARE_IMAGES_ACCOUNT_HASH')
  })
})

describe('planUploads', () => {
  it('plans without requests or writes', async () => {
    const { root, sources, manifestPath, emulator } = await uploadedAccount([9])
    const [fresh] = await writeImages(root, [10])
    const before = await readFile(manifestPath, 'utf8')

    const plan = await planUploads([...sources, fresh!, { name: 'img/empty.png', bytes: new Uint8Array() }], {
      accountId: emulator.accountId,
      manifestPath,
    })

    expect(plan).toMatchObject({ total: 3, unique: 3, known: 1 })
    expect(plan.toUpload.map((image) => image.name)).toEqual(['img/10.png'])
    expect(plan.bytesToUpload).toBe((await stat(fresh?.path as string)).size)
    expect(plan.failures.map((item) => item.code)).toEqual(['PREFLIGHT_EMPTY_FILE'])
    expect(emulator.requests()).toEqual([])
    expect(await readFile(manifestPath, 'utf8')).toBe(before)
  })

  it('missing manifest stays missing', async () => {
    const root = await dirs.make()
    const manifestPath = join(root, 'manifest.json')
    const plan = await planUploads(await writeImages(root, [11]), { accountId: '0123456789abcdef0123456789abcdef', manifestPath })
    expect(plan.toUpload).toHaveLength(1)
    await expect(stat(manifestPath)).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
