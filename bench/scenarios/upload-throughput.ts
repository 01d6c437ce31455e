// Scenario 2: cold uploads. First the throughput against an emulator that takes a fixed 40 ms
// per upload, at several concurrencies, compared with the ideal of concurrency / latency. Then
// the peak memory of a process that uploads 1,000 images of about 1 MB each.
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CloudflareImagesClient } from '../../src/api/index.js'
import { uploadImages } from '../../src/core/index.js'
import type { ImageSource } from '../../src/core/types.js'
import { runTsProcess } from '../lib/child.js'
import { countTallied, startEmulatorProcess } from '../lib/emulator-child.js'
import { firstImages, largeImageSet, smallImageSet } from '../lib/image-sets.js'
import type { ImageSet } from '../lib/images.js'
import { runScenario, WORK_DIR, type ScenarioContext } from '../lib/scenario.js'
import { summarize, type Summary } from '../lib/stats.js'
import type { MemoryRunRequest, MemoryRunResult } from '../lib/upload-memory-process.js'

const MEMORY_ENTRY = fileURLToPath(new URL('../lib/upload-memory-process.ts', import.meta.url))
const UPLOAD_LATENCY_MS = 40
const CONCURRENCIES = [8, 16, 32]
const MEMORY_CONCURRENCY = 32

export interface ThroughputPoint {
  concurrency: number
  /** Uploads per second a client achieves when only the 40 ms latency limits it. */
  idealPerSecond: number
  /** Uploads over the whole `uploadImages()` call. */
  achievedPerSecond: Summary
  /** Median achieved / ideal. */
  ratio: number
  /** Uploads over the upload phase only: from the `planned` progress event to the end. */
  uploadPhasePerSecond: Summary
  /** Hashing, the account listing and preflight, before the first upload starts (median). */
  beforeUploadsSeconds: number
  /** CPU time of the uploading process and of the emulator, in cores (1 = one core busy), medians. */
  uploaderCores: number
  emulatorCores: number
  uploadRequests: number
  otherRequests: number
}

export interface UploadThroughputResult {
  images: number
  imageBytes: number
  latencyMs: number
  runsPerPoint: number
  points: ThroughputPoint[]
  memory: {
    images: number
    totalBytes: number
    concurrency: number
    runs: number
    /** Fewest uploaded and most failed images over the runs. */
    uploaded: number
    failed: number
    seconds: Summary
    /** Peak resident set size of the uploading process, per run. */
    maxRssMiB: Summary
    /** Peak resident set size of the same process with its modules loaded and no work. */
    idleMaxRssMiB: number
  }
}

function sourcesOf(set: ImageSet): ImageSource[] {
  return set.files.map((file) => ({ name: file.file, path: file.path }))
}

interface RunMeasurement {
  perSecond: number
  uploadPhasePerSecond: number
  beforeUploadsSeconds: number
  uploaderCores: number
  emulatorCores: number
  uploadRequests: number
  otherRequests: number
}

async function measureRun(sources: ImageSource[], concurrency: number, manifestPath: string): Promise<RunMeasurement> {
  const emulator = await startEmulatorProcess({ latencyMs: { upload: UPLOAD_LATENCY_MS }, rateLimit: false })
  // Client pacing off as well: this run measures concurrency, not the account quota.
  const api = new CloudflareImagesClient({
    accountId: emulator.accountId,
    apiToken: emulator.token,
    apiUrl: emulator.apiUrl,
    batchUrl: emulator.batchUrl,
    rateLimit: false,
  })

  try {
    await rm(manifestPath, { force: true })
    const emulatorBefore = await emulator.usage()
    const cpuBefore = process.cpuUsage()
    const startedAt = performance.now()
    let plannedAt = startedAt

    const { summary } = await uploadImages(sources, {
      api,
      accountId: emulator.accountId,
      manifestPath,
      concurrency,
      batchThreshold: false,
      onProgress: (event) => {
        if (event.type === 'planned') plannedAt = performance.now()
      },
    })

    const finishedAt = performance.now()
    const seconds = (finishedAt - startedAt) / 1000
    const cpu = process.cpuUsage(cpuBefore)
    const emulatorAfter = await emulator.usage()
    if (summary.uploaded !== sources.length) {
      throw new Error(`Expected ${sources.length} uploads at concurrency ${concurrency}, the uploader reports ${summary.uploaded} (failed: ${summary.failed}).`)
    }

    const tally = await emulator.tally()
    const uploadRequests = countTallied(tally, { endpoint: 'upload' })
    return {
      perSecond: summary.uploaded / seconds,
      uploadPhasePerSecond: summary.uploaded / ((finishedAt - plannedAt) / 1000),
      beforeUploadsSeconds: (plannedAt - startedAt) / 1000,
      uploaderCores: (cpu.user + cpu.system) / 1e6 / seconds,
      emulatorCores: (emulatorAfter.cpuMicros - emulatorBefore.cpuMicros) / 1e6 / seconds,
      uploadRequests,
      otherRequests: countTallied(tally, {}) - uploadRequests,
    }
  } finally {
    await api.close()
    await emulator.close()
  }
}

async function measureThroughput(set: ImageSet, runs: number, log: ScenarioContext['log']): Promise<ThroughputPoint[]> {
  const sources = sourcesOf(set)
  const manifestPath = path.join(WORK_DIR, 'throughput.manifest.json')

  log('warm-up run (100 images)')
  await measureRun(sources.slice(0, 100), CONCURRENCIES[0]!, manifestPath)

  const points: ThroughputPoint[] = []
  for (const concurrency of CONCURRENCIES) {
    const measurements: RunMeasurement[] = []
    for (let run = 0; run < runs; run += 1) {
      const measurement = await measureRun(sources, concurrency, manifestPath)
      measurements.push(measurement)
      log(
        `concurrency ${concurrency} run ${run + 1}/${runs}: ${measurement.perSecond.toFixed(1)} uploads/s ` +
          `(upload phase ${measurement.uploadPhasePerSecond.toFixed(1)}/s after ${measurement.beforeUploadsSeconds.toFixed(2)} s)`,
      )
    }

    const idealPerSecond = concurrency / (UPLOAD_LATENCY_MS / 1000)
    const achievedPerSecond = summarize(measurements.map((entry) => entry.perSecond))
    points.push({
      concurrency,
      idealPerSecond,
      achievedPerSecond,
      ratio: achievedPerSecond.median / idealPerSecond,
      uploadPhasePerSecond: summarize(measurements.map((entry) => entry.uploadPhasePerSecond)),
      beforeUploadsSeconds: summarize(measurements.map((entry) => entry.beforeUploadsSeconds)).median,
      uploaderCores: summarize(measurements.map((entry) => entry.uploaderCores)).median,
      emulatorCores: summarize(measurements.map((entry) => entry.emulatorCores)).median,
      uploadRequests: Math.max(...measurements.map((entry) => entry.uploadRequests)),
      otherRequests: Math.max(...measurements.map((entry) => entry.otherRequests)),
    })
  }
  await rm(manifestPath, { force: true })
  return points
}

/** Uploads the whole set from a child process to a fresh emulator that stores on disk, and returns the child's figures. */
async function measureMemoryRun(set: ImageSet, idle: boolean): Promise<MemoryRunResult> {
  const storeDir = path.join(WORK_DIR, 'emulator-store-memory')
  const manifestPath = path.join(WORK_DIR, 'memory.manifest.json')
  await rm(storeDir, { recursive: true, force: true })
  await rm(manifestPath, { force: true })

  // The emulator keeps the uploaded bytes on disk, in its own process, so neither counts here.
  const emulator = await startEmulatorProcess({ dir: storeDir, rateLimit: false })
  try {
    const request: MemoryRunRequest = {
      idle,
      apiUrl: emulator.apiUrl,
      batchUrl: emulator.batchUrl,
      accountId: emulator.accountId,
      token: emulator.token,
      manifestPath,
      files: set.files.map((file) => ({ name: file.file, path: file.path })),
      concurrency: MEMORY_CONCURRENCY,
    }
    return await runTsProcess<MemoryRunResult>(MEMORY_ENTRY, [JSON.stringify(request)])
  } finally {
    await emulator.close()
    await rm(storeDir, { recursive: true, force: true })
    await rm(manifestPath, { force: true })
  }
}

async function measureMemory(set: ImageSet, runs: number, log: ScenarioContext['log']): Promise<UploadThroughputResult['memory']> {
  const idle = await measureMemoryRun(set, true)
  const results: MemoryRunResult[] = []
  for (let run = 0; run < runs; run += 1) {
    const result = await measureMemoryRun(set, false)
    results.push(result)
    log(`memory run ${run + 1}/${runs}: ${set.files.length} images of about 1 MB, peak RSS ${(result.maxRssKiB / 1024).toFixed(1)} MiB`)
  }

  return {
    images: set.files.length,
    totalBytes: set.totalBytes,
    concurrency: MEMORY_CONCURRENCY,
    runs,
    uploaded: Math.min(...results.map((result) => result.uploaded)),
    failed: Math.max(...results.map((result) => result.failed)),
    seconds: summarize(results.map((result) => result.seconds)),
    maxRssMiB: summarize(results.map((result) => result.maxRssKiB / 1024)),
    idleMaxRssMiB: idle.maxRssKiB / 1024,
  }
}

runScenario('upload-throughput', async ({ quick, log }): Promise<UploadThroughputResult> => {
  const small = await smallImageSet(log)
  const runs = quick ? 1 : 3
  const points = await measureThroughput(small, runs, log)
  const large = await largeImageSet(log)
  const memory = await measureMemory(quick ? firstImages(large, 100) : large, runs, log)

  return {
    images: small.files.length,
    imageBytes: Math.round(small.totalBytes / small.files.length),
    latencyMs: UPLOAD_LATENCY_MS,
    runsPerPoint: runs,
    points,
    memory,
  }
})
