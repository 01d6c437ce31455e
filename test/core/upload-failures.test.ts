import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Manifest, uploadImages } from '../../src/core/index.js'
import { expectUploadFailure as failure, startTestAccount, writeImages, type TestAccount } from './emulator-helpers.js'
import { tempDirs } from './helpers.js'

const dirs = tempDirs()
let account: TestAccount | undefined
afterEach(async () => {
  await account?.close()
  account = undefined
  await dirs.cleanup()
})

describe('uploadImages failures', () => {
  it('403 and success:false: fails naming both', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const sources = await writeImages(root, [1, 2, 3, 4, 5])
    const manifestPath = join(root, 'manifest.json')
    account.emulator.injectFault({ endpoint: 'upload', response: { kind: 'status', status: 403, body: 'json', cfCode: 5403 } })
    account.emulator.injectFault({ endpoint: 'upload', response: { kind: 'success-false', cfCode: 5400 } })
    // No retries, so each fault fails one image for good.
    const api = account.client({ retry: { maxRetries: 0 } })
    const options = { api, accountId: account.emulator.accountId, manifestPath }

    const error = await failure(uploadImages(sources, options))

    expect(error.code).toBe('UPLOAD_FAILED')
    expect(error.failures).toHaveLength(2)
    expect(error.failures.map((item) => item.cloudflareCodes).sort()).toEqual([[5400], [5403]])
    for (const item of error.failures) expect(error.message).toContain(item.file)
    expect(error.message).toContain('5403')
    expect(error.message).toContain('5400')
    expect(error.message).toMatch(/^2 of 5 images could not be uploaded/)

    const failedFiles = new Set(error.failures.map((item) => item.file))
    const manifest = await Manifest.load(manifestPath)
    const recorded = [...manifest.images(account.emulator.accountId).values()].map((entry) => entry.file).sort()
    expect(recorded).toEqual(sources.map((source) => source.name).filter((name) => !failedFiles.has(name)).sort())

    account.emulator.clearFaults()
    account.emulator.resetCounts()
    const progress: string[] = []
    const second = await uploadImages(sources, { ...options, onProgress: (event) => event.type === 'uploaded' && progress.push(event.name) })
    expect(account.emulator.count('upload')).toBe(2)
    expect(progress.sort()).toEqual([...failedFiles].sort())
    expect(second.summary).toMatchObject({ known: 3, uploaded: 2, failed: 0 })
  })

  it('preflight failures are collected', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const good = await writeImages(root, [6])
    const sources = [
      ...good,
      { name: 'img/empty.png', bytes: new Uint8Array() },
      { name: 'img/lfs.png', bytes: new TextEncoder().encode('version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n') },
      { name: 'img/missing.png', path: join(root, 'img/missing.png') },
    ]

    const error = await failure(uploadImages(sources, { api: account.client(), accountId: account.emulator.accountId, manifestPath: join(root, 'm.json') }))
    expect(error.failures.map((item) => item.code).sort()).toEqual(['PREFLIGHT_EMPTY_FILE', 'PREFLIGHT_LFS_POINTER', 'PREFLIGHT_UNREADABLE'])
    expect(account.emulator.count('upload')).toBe(1)
    expect(error.summary).toMatchObject({ uploaded: 1, failed: 3 })
    expect(error.images.map((image) => image.source.name)).toEqual(['img/6.png'])
  })

  it('ID taken by other content fails', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const sources = await writeImages(root, [7])
    const manifestPath = join(root, 'm.json')
    const first = await uploadImages(sources, { api: account.client(), accountId: account.emulator.accountId, manifestPath })
    const id = first.images[0]?.entry.id as string

    // Replace the image under the same ID with metadata claiming other content.
    await account.client().delete(id)
    account.emulator.seed([{ id, meta: { 'vite-plugin-cloudflare-images': 1, sha256: 'f'.repeat(64), file: 'other.png' } }])
    const error = await failure(uploadImages(sources, { api: account.client(), accountId: account.emulator.accountId, manifestPath: join(root, 'fresh.json') }))
    expect(error.failures[0]?.code).toBe('CONTENT_ID_MISMATCH')
  })
})
