import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { RetryTracker, uploadImages } from '../../src/core/index.js'
import type { ProgressEvent } from '../../src/core/index.js'
import type { FaultResponse } from '../../src/emulator/index.js'
import { startTestAccount, writeImages, type TestAccount } from './emulator-helpers.js'
import { tempDirs } from './helpers.js'

const dirs = tempDirs()
let account: TestAccount | undefined
afterEach(async () => {
  await account?.close()
  account = undefined
  await dirs.cleanup()
})

const FAULTS: FaultResponse[] = [
  { kind: 'status', status: 429, body: 'json', cfCode: 971, headers: { 'Retry-After': '1' } },
  { kind: 'status', status: 429, body: 'json', cfCode: 971 },
  { kind: 'status', status: 502, body: 'html' },
  { kind: 'reset' },
]

describe('uploadImages retries', () => {
  it('429s, 502 HTML and resets: all uploaded', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const sources = await writeImages(root, [1, 2, 3, 4, 5, 6])
    for (const response of FAULTS) account.emulator.injectFault({ endpoint: 'upload', response })

    const retryTracker = new RetryTracker()
    const events: ProgressEvent[] = []
    const api = account.client({ onRetry: retryTracker.onRetry })
    const result = await uploadImages(sources, {
      api,
      accountId: account.emulator.accountId,
      manifestPath: join(root, 'manifest.json'),
      retryTracker,
      onProgress: (event) => events.push(event),
    })

    expect(result.summary.uploaded).toBe(6)
    expect(result.summary.retried).toBe(FAULTS.length)
    expect(account.emulator.imageIds()).toHaveLength(6)
    expect(account.emulator.count('upload')).toBe(6 + FAULTS.length)
    expect(account.emulator.count('upload', { status: 200 })).toBe(6)
    expect(events.filter((event) => event.type === 'retry')).toHaveLength(FAULTS.length)
  })

  it('409 from a lost manifest is confirmed once', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const sources = await writeImages(root, [7, 8])
    const options = { api: account.client(), accountId: account.emulator.accountId, listThreshold: false as const }
    await uploadImages(sources, { ...options, manifestPath: join(root, 'first.json') })
    account.emulator.resetCounts()

    const result = await uploadImages(sources, { ...options, manifestPath: join(root, 'second.json') })
    expect(result.summary).toMatchObject({ uploaded: 0, alreadyPresent: 2, requests: 4 })
    expect(account.emulator.count('upload', { status: 409 })).toBe(2)
    expect(account.emulator.count('get')).toBe(2)
  })
})
