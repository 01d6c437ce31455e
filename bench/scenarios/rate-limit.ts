// Scenario 3: uploads against an account quota scaled down from Cloudflare's 1200 requests per
// 300 s, through the account API and through the batch API. The client keeps its default
// pacing (1200 per 300 s), so it must learn the lower quota from the server's responses.
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { CloudflareImagesClient } from '../../src/api/index.js'
import { RetryTracker, UploadFailedError, uploadImages } from '../../src/core/index.js'
import type { UploaderOptions } from '../../src/core/types.js'
import { countTallied, startEmulatorProcess } from '../lib/emulator-child.js'
import { firstImages, smallImageSet } from '../lib/image-sets.js'
import { BATCH_QUOTA, idealSeconds, type Quota } from '../lib/quota.js'
import { runScenario, WORK_DIR } from '../lib/scenario.js'

export interface RateLimitRun {
  mode: 'account' | 'batch'
  images: number
  uploaded: number
  failed: number
  seconds: number
  /** Time from the uploader's `planned` progress event (hashing, listing and preflight done) to the end. */
  uploadPhaseSeconds: number
  /** Requests counted against the account quota (API host), and how many of them received a 429 response. */
  accountRequests: number
  accountRateLimited: number
  /** Lengths of the runs of consecutive 429 responses, in the order recorded. */
  rateLimitedRuns: number[]
  /** Requests to the batch host, which the account quota does not count. */
  batchRequests: number
  batchRateLimited: number
  retries: Record<string, number>
  /**
   * Shortest time any client needs for the accepted account requests under the quota, and in
   * batch mode for the batch requests at 200 per second (see idealSeconds()).
   */
  idealSeconds: number
  /** idealSeconds / seconds: 1 means the client used the quota completely. */
  quotaUse: number | null
}

export interface RateLimitResult {
  quota: Quota
  runs: RateLimitRun[]
}

async function measureMode(mode: RateLimitRun['mode'], imageCount: number, quota: Quota, log: (message: string) => void): Promise<RateLimitRun> {
  const images = firstImages(await smallImageSet(log), imageCount)
  const manifestPath = path.join(WORK_DIR, `rate-limit-${mode}.manifest.json`)
  await rm(manifestPath, { force: true })

  const emulator = await startEmulatorProcess({ rateLimit: quota })
  const retryTracker = new RetryTracker()
  const api = new CloudflareImagesClient({
    accountId: emulator.accountId,
    apiToken: emulator.token,
    apiUrl: emulator.apiUrl,
    batchUrl: emulator.batchUrl,
    onRetry: retryTracker.onRetry,
  })
  const retries: Record<string, number> = {}
  let plannedAt: number | undefined
  const options: UploaderOptions = {
    api,
    accountId: emulator.accountId,
    manifestPath,
    retryTracker,
    // 0: every job is larger than the threshold, so the batch API carries all uploads.
    batchThreshold: mode === 'batch' ? 0 : false,
    onProgress: (event) => {
      if (event.type === 'planned') plannedAt = performance.now()
      if (event.type === 'retry') retries[event.reason] = (retries[event.reason] ?? 0) + 1
    },
  }

  try {
    log(`${mode} mode: ${imageCount} uploads, quota ${quota.requests} requests per ${quota.windowSeconds} s`)
    const startedAt = performance.now()
    let uploaded = 0
    let failed = 0
    try {
      const { summary } = await uploadImages(images.files.map((file) => ({ name: file.file, path: file.path })), options)
      uploaded = summary.uploaded + summary.alreadyPresent
      failed = summary.failed
    } catch (error) {
      if (!(error instanceof UploadFailedError)) throw error
      failed = error.failures.length
      uploaded = imageCount - failed
    }
    const finishedAt = performance.now()
    const seconds = (finishedAt - startedAt) / 1000

    const tally = await emulator.tally()
    const accountRequests = countTallied(tally, { batch: false })
    const accountRateLimited = countTallied(tally, { batch: false, status: 429 })
    const batchRequests = countTallied(tally, { batch: true })
    // A request rejected with 429 does not use the quota, so only accepted requests count.
    const ideal = Math.max(idealSeconds(accountRequests - accountRateLimited, quota), idealSeconds(batchRequests, BATCH_QUOTA))
    return {
      mode,
      images: imageCount,
      uploaded,
      failed,
      seconds,
      uploadPhaseSeconds: (finishedAt - (plannedAt ?? startedAt)) / 1000,
      accountRequests,
      accountRateLimited,
      rateLimitedRuns: await emulator.rateLimitedRuns(),
      batchRequests,
      batchRateLimited: countTallied(tally, { batch: true, status: 429 }),
      retries,
      idealSeconds: ideal,
      quotaUse: ideal > 0 ? ideal / seconds : null,
    }
  } finally {
    await api.close()
    await emulator.close()
    await rm(manifestPath, { force: true })
  }
}

runScenario('rate-limit', async ({ quick, log }): Promise<RateLimitResult> => {
  const quota: Quota = quick ? { requests: 60, windowSeconds: 10 } : { requests: 120, windowSeconds: 30 }
  const imageCount = quick ? 150 : 400

  const runs: RateLimitRun[] = []
  for (const mode of ['account', 'batch'] as const) {
    const run = await measureMode(mode, imageCount, quota, log)
    log(`${mode} mode: ${run.seconds.toFixed(1)} s, ${run.accountRateLimited} answered 429, ${run.failed} failed`)
    runs.push(run)
  }
  return { quota, runs }
})
