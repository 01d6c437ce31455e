import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloudflareImagesClient } from '../../src/api/index.js'
import { contentId } from '../../src/core/index.js'
import { planPrune } from '../../src/core/prune.js'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { fakeSha256, ownMetadata } from './helpers.js'

const NOW = Date.parse('2026-06-01T00:00:00.000Z')

describe('planPrune', () => {
  let emulator: EmulatorHandle
  let client: CloudflareImagesClient

  beforeAll(async () => {
    emulator = await startEmulator()
    client = new CloudflareImagesClient({ accountId: emulator.accountId, apiToken: emulator.token, apiUrl: emulator.apiUrl })
    emulator.seed([
      { id: contentId(fakeSha256(1)), meta: ownMetadata(1, 'b.png'), uploaded: '2026-04-01T00:00:00.000Z' },
      { id: contentId(fakeSha256(2)), meta: ownMetadata(2, 'a.png'), uploaded: '2026-03-01T00:00:00.000Z' },
      { id: contentId(fakeSha256(3)), meta: ownMetadata(3), uploaded: 'not a date' },
      { id: contentId(fakeSha256(4)), meta: ownMetadata(4), uploaded: '2026-05-31T00:00:00.000Z' },
    ])
  })

  afterAll(async () => {
    await client.close()
    await emulator.close()
  })

  it('oldest candidates first', async () => {
    const plan = await planPrune({ api: client, referencedIds: new Set(), minAgeDays: 30, now: NOW })

    expect(plan.candidates.map((candidate) => candidate.file)).toEqual(['a.png', 'b.png'])
  })

  it('unparsable date is kept', async () => {
    const plan = await planPrune({ api: client, referencedIds: new Set(), minAgeDays: 0, now: NOW })

    expect(plan.candidates.map((candidate) => candidate.id)).not.toContain(contentId(fakeSha256(3)))
    expect(plan.tooRecent).toBe(1)
  })

  it('counts each group', async () => {
    const plan = await planPrune({ api: client, referencedIds: new Set([contentId(fakeSha256(1))]), minAgeDays: 30, now: NOW })

    expect(plan).toMatchObject({ listed: 4, foreign: 0, referenced: 1, tooRecent: 2, otherPrefix: 0, requests: 1 })
  })

  it('rejects a negative age', async () => {
    await expect(planPrune({ api: client, referencedIds: new Set(), minAgeDays: -1 })).rejects.toThrow('Invalid minAgeDays -1')
  })
})
