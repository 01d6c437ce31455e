import { copyFile, readFile, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Manifest, contentId, sha256Bytes, uploadImages } from '../../src/core/index.js'
import { startTestAccount, writeImages, type TestAccount } from './emulator-helpers.js'
import { makePng, recordingLogger, tempDirs } from './helpers.js'

const dirs = tempDirs()
let account: TestAccount | undefined
afterEach(async () => {
  await account?.close()
  account = undefined
  await dirs.cleanup()
})

describe('uploadImages deduplication', () => {
  it('same bytes under two names, two runs: one upload', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const [first] = await writeImages(root, [1])
    const copy = join(root, 'img/copy-of-1.png')
    await copyFile(first?.path as string, copy)
    const sources = [first!, { name: 'img/copy-of-1.png', path: copy }]
    const manifestPath = join(root, 'manifest.json')
    const options = { api: account.client(), accountId: account.emulator.accountId, manifestPath }

    const firstRun = await uploadImages(sources, options)
    const secondRun = await uploadImages(sources, options)

    expect(account.emulator.count('upload')).toBe(1)
    expect(firstRun.summary).toMatchObject({ seen: 2, unique: 1, uploaded: 1, known: 0 })
    expect(secondRun.summary).toMatchObject({ seen: 2, unique: 1, uploaded: 0, known: 1, requests: 0 })
    expect(secondRun.images.map((image) => image.entry.id)).toEqual([firstRun.images[0]?.entry.id, firstRun.images[0]?.entry.id])
  })

  it('changed content, same name, size and mtime: new ID', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const manifestPath = join(root, 'manifest.json')
    const path = join(root, 'hero.png')
    const before = await makePng(10)
    // Another colour at the same size: equal file length, other bytes.
    const after = await makePng(11)
    expect(after.length).toBe(before.length)
    await writeFile(path, before)
    const { mtime } = await stat(path)
    const options = { api: account.client(), accountId: account.emulator.accountId, manifestPath }

    const firstRun = await uploadImages([{ name: 'hero.png', path }], options)
    await writeFile(path, after)
    await utimes(path, mtime, mtime)
    const secondRun = await uploadImages([{ name: 'hero.png', path }], options)

    const oldId = firstRun.images[0]?.entry.id as string
    const newId = secondRun.images[0]?.entry.id as string
    expect(newId).toBe(contentId(sha256Bytes(after)))
    expect(newId).not.toBe(oldId)
    expect(account.emulator.count('upload')).toBe(2)
    expect(account.emulator.count('delete')).toBe(0)
    await expect(account.client().get(oldId)).resolves.toMatchObject({ id: oldId })
  })

  it('records entries in the manifest', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const sources = await writeImages(root, [3, 4])
    const manifestPath = join(root, 'manifest.json')
    await uploadImages(sources, { api: account.client(), accountId: account.emulator.accountId, manifestPath })

    const manifest = await Manifest.load(manifestPath)
    const sha = sha256Bytes(await readFile(sources[0]?.path as string))
    expect(manifest.get(account.emulator.accountId, sha)).toMatchObject({ id: contentId(sha), file: 'img/3.png', format: 'png', width: 4, height: 3 })
    expect(manifest.accountHash(account.emulator.accountId)).toBe(account.emulator.accountHash)
  })

  it('concurrent calls share in-flight uploads', async () => {
    account = await startTestAccount({ latencyMs: { upload: 200 } })
    const root = await dirs.make()
    const sources = await writeImages(root, [5, 6, 7])
    const api = account.client()
    const options = { api, accountId: account.emulator.accountId, listThreshold: false as const }

    await Promise.all([
      uploadImages(sources, { ...options, manifestPath: join(root, 'a.json') }),
      uploadImages(sources, { ...options, manifestPath: join(root, 'b.json') }),
    ])
    expect(account.emulator.count('upload')).toBe(3)
  })

  it('prefix changes the ID', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const sources = await writeImages(root, [8])
    const result = await uploadImages(sources, { api: account.client(), accountId: account.emulator.accountId, manifestPath: join(root, 'm.json'), idPrefix: 'site-a/' })
    expect(result.images[0]?.entry.id.startsWith('site-a/')).toBe(true)
    expect(account.emulator.imageIds()).toEqual([result.images[0]?.entry.id])
  })

  it('records Windows names with slashes', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const [source] = await writeImages(root, [12])
    const result = await uploadImages([{ name: 'img\\win.png', path: source?.path as string }], {
      api: account.client(),
      accountId: account.emulator.accountId,
      manifestPath: join(root, 'm.json'),
    })
    expect(result.images[0]?.entry.file).toBe('img/win.png')
  })

  it('warns through the logger only when needed', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const logger = recordingLogger()
    await uploadImages(await writeImages(root, [9]), { api: account.client(), accountId: account.emulator.accountId, manifestPath: join(root, 'm.json'), logger })
    expect(logger.warnings()).toEqual([])
  })
})
