// Scenario 4: the manifest at 100,000 entries (load, save, lookup, file size), and rebuilding
// a manifest with `sync` from an account that contains 100,000 images this tool uploaded.
import { rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { CloudflareImagesClient } from '../../src/api/index.js'
import { contentId, Manifest, sha256Bytes, syncManifest } from '../../src/core/index.js'
import type { ManifestEntry } from '../../src/core/types.js'
import { countTallied, startEmulatorProcess } from '../lib/emulator-child.js'
import { runScenario, WORK_DIR } from '../lib/scenario.js'
import { summarize, type Summary } from '../lib/stats.js'

const ACCOUNT_ID = '0123456789abcdef0123456789abcdef'

export interface ManifestScaleResult {
  entries: number
  runs: number
  fileBytes: number
  /** Recording every entry in an empty manifest and writing it once. */
  createMs: number
  loadMs: Summary
  /** Recording one new entry in the loaded manifest and writing the file. */
  saveMs: Summary
  /** Time for `lookups` calls to `get()`, half of them hits and half misses. */
  lookups: number
  lookupBatchMs: Summary
  sync: {
    seeded: number
    runs: number
    durationMs: Summary
    listRequests: number
    otherRequests: number
    added: number
    /** Listing every image through the client alone (10,000 per page), without building a manifest. */
    listOnlyMs: Summary
  }
}

function entryFor(index: number): { sha256: string; entry: ManifestEntry } {
  const sha256 = sha256Bytes(`manifest bench ${index}`)
  return {
    sha256,
    entry: {
      id: contentId(sha256),
      bytes: 20_000 + (index % 5000),
      width: 800,
      height: 600,
      format: 'jpeg',
      file: `src/images/gallery-${Math.floor(index / 100)}/photo-${index}.jpg`,
      uploaded: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
    },
  }
}

async function timed<T>(body: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const startedAt = performance.now()
  const value = await body()
  return { ms: performance.now() - startedAt, value }
}

async function measureManifest(entries: number, runs: number, log: (message: string) => void): Promise<Omit<ManifestScaleResult, 'sync'>> {
  const manifestPath = path.join(WORK_DIR, 'manifest-scale.manifest.json')
  await rm(manifestPath, { force: true })
  const records = Array.from({ length: entries }, (_, index) => entryFor(index))

  log(`writing a manifest of ${entries} entries`)
  const created = await timed(async () => {
    const manifest = await Manifest.load(manifestPath)
    for (const { sha256, entry } of records) manifest.set(ACCOUNT_ID, sha256, entry)
    await manifest.close()
  })

  const loadMs: number[] = []
  const saveMs: number[] = []
  const lookupBatchMs: number[] = []
  // Lookups alternate between a known digest and one that is not in the manifest.
  const probes = records.map((record, index) => (index % 2 === 0 ? record.sha256 : sha256Bytes(`absent ${index}`)))

  for (let run = 0; run < runs; run += 1) {
    const loaded = await timed(() => Manifest.load(manifestPath))
    loadMs.push(loaded.ms)
    const manifest = loaded.value

    const lookup = await timed(() => {
      let hits = 0
      for (const sha256 of probes) if (manifest.get(ACCOUNT_ID, sha256) !== undefined) hits += 1
      return hits
    })
    if (lookup.value !== Math.ceil(entries / 2)) throw new Error(`Expected ${Math.ceil(entries / 2)} lookup hits, got ${lookup.value}.`)
    lookupBatchMs.push(lookup.ms)

    const extra = entryFor(entries + run)
    const saved = await timed(async () => {
      manifest.set(ACCOUNT_ID, extra.sha256, extra.entry)
      await manifest.flush()
    })
    saveMs.push(saved.ms)
    await manifest.close()
    log(`run ${run + 1}/${runs}: load ${loaded.ms.toFixed(0)} ms, save ${saved.ms.toFixed(0)} ms, lookups ${lookup.ms.toFixed(1)} ms`)
  }

  const fileBytes = (await stat(manifestPath)).size
  await rm(manifestPath, { force: true })
  return {
    entries,
    runs,
    fileBytes,
    createMs: created.ms,
    loadMs: summarize(loadMs),
    saveMs: summarize(saveMs),
    lookups: probes.length,
    lookupBatchMs: summarize(lookupBatchMs),
  }
}

async function measureSync(seeded: number, runs: number, log: (message: string) => void): Promise<ManifestScaleResult['sync']> {
  const manifestPath = path.join(WORK_DIR, 'sync.manifest.json')
  const emulator = await startEmulatorProcess({ rateLimit: false })
  const api = new CloudflareImagesClient({ accountId: emulator.accountId, apiToken: emulator.token, apiUrl: emulator.apiUrl, batchUrl: emulator.batchUrl })

  try {
    log(`seeding ${seeded} images`)
    await emulator.seedOwnImages(seeded)

    const durations: number[] = []
    let listRequests = 0
    let otherRequests = 0
    let added = 0
    for (let run = 0; run < runs; run += 1) {
      await rm(manifestPath, { force: true })
      await emulator.resetCounts()
      const result = await timed(() => syncManifest({ api, accountId: emulator.accountId, manifestPath, mode: 'rebuild' }))
      durations.push(result.ms)

      const tally = await emulator.tally()
      listRequests = countTallied(tally, { endpoint: 'list-v2' })
      otherRequests = countTallied(tally, {}) - listRequests
      added = result.value.added
      log(`sync run ${run + 1}/${runs}: ${result.ms.toFixed(0)} ms, ${listRequests} list requests, ${added} entries added`)
    }
    const listOnly: number[] = []
    for (let run = 0; run < runs; run += 1) {
      const listed = await timed(async () => {
        let images = 0
        for await (const page of api.list({ perPage: 10_000 })) images += page.length
        return images
      })
      if (listed.value !== seeded) throw new Error(`Listing returned ${listed.value} images, expected ${seeded}.`)
      listOnly.push(listed.ms)
    }

    return { seeded, runs, durationMs: summarize(durations), listRequests, otherRequests, added, listOnlyMs: summarize(listOnly) }
  } finally {
    await api.close()
    await emulator.close()
    await rm(manifestPath, { force: true })
  }
}

runScenario('manifest-scale', async ({ quick, log }): Promise<ManifestScaleResult> => {
  const entries = quick ? 20_000 : 100_000
  const manifest = await measureManifest(entries, quick ? 2 : 5, log)
  const sync = await measureSync(entries, quick ? 1 : 3, log)
  return { ...manifest, sync }
})
