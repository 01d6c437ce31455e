// Scenario 1: what the plugin adds to a `vite build` when every image is already uploaded
// (complete manifest, nothing to upload), against the same build without the plugin.
import { readdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CloudflareImagesClient } from '../../src/api/index.js'
import { sha256Bytes, uploadImages } from '../../src/core/index.js'
import type { Options } from '../../src/index.js'
import { runTsProcess } from '../lib/child.js'
import { countTallied, startEmulatorProcess, type EmulatorProcess } from '../lib/emulator-child.js'
import { runScenario, WORK_DIR } from '../lib/scenario.js'
import { ensureSite, type Site } from '../lib/site.js'
import { pairedRatios, summarize, type Summary } from '../lib/stats.js'
import type { BuildRequest, BuildTiming } from '../lib/vite-build-process.js'

const BUILD_ENTRY = fileURLToPath(new URL('../lib/vite-build-process.ts', import.meta.url))
const IMAGE_EXTENSIONS = /\.(jpe?g|png|webp|gif|svg)$/i

export interface WarmBuildResult {
  images: { count: number; totalBytes: number; minBytes: number; maxBytes: number; byFormat: Record<string, number> }
  referencedFrom: { html: number; css: number; js: number }
  runsPerVariant: number
  baselineMs: Summary
  pluginMs: Summary
  /** Median of plugin/baseline over the run pairs, and the ratio of the two medians. */
  ratioOfMedians: number
  pairedRatio: Summary
  /** Filling the manifest through the core before the builds: images uploaded and the time it took. */
  prime: { uploads: number; seconds: number }
  /** SHA-256 of every site image already in memory, in this process: the hashing a warm build cannot skip. */
  hashInMemoryMs: Summary
  /** Requests the emulator received during all warm plugin builds together. */
  warmRequests: { total: number; uploads: number }
  output: { baselineImageFiles: number; pluginImageFiles: number; pluginDeliveryUrls: number }
}

/**
 * Uploads every site image with `uploadImages()`, so the plugin builds find a complete manifest.
 * Priming through the core, rather than with a cold plugin build, keeps the cold upload out of
 * the measured build processes.
 */
async function primeManifest(site: Site, emulator: EmulatorProcess, manifestPath: string): Promise<WarmBuildResult['prime']> {
  const api = new CloudflareImagesClient({ accountId: emulator.accountId, apiToken: emulator.token, apiUrl: emulator.apiUrl, batchUrl: emulator.batchUrl })
  try {
    const sources = site.images.files.map((image) => ({ name: path.posix.join('images', image.file), path: image.path }))
    const startedAt = performance.now()
    const { summary } = await uploadImages(sources, { api, accountId: emulator.accountId, manifestPath, batchThreshold: false })
    return { uploads: summary.uploaded, seconds: (performance.now() - startedAt) / 1000 }
  } finally {
    await api.close()
  }
}

async function measureHashing(paths: readonly string[], runs: number): Promise<Summary> {
  const contents = await Promise.all(paths.map((file) => readFile(file)))
  const samples: number[] = []
  for (let run = 0; run < runs; run += 1) {
    const startedAt = performance.now()
    for (const bytes of contents) sha256Bytes(bytes)
    samples.push(performance.now() - startedAt)
  }
  return summarize(samples)
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name))
}

async function countDeliveryUrls(outDir: string, deliveryUrl: string): Promise<number> {
  const urls = new Set<string>()
  // A URL ends at a quote (HTML, CSS, and the backticks Rolldown emits), a parenthesis, white
  // space or a comma: Rolldown may fold an array of URLs into one comma-joined string. The builds
  // use the named variant `public`, so no URL contains a comma itself.
  const pattern = new RegExp(`${deliveryUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[^"'\`)\\s,]+`, 'g')
  for (const file of await listFiles(outDir)) {
    if (!/\.(html|css|js)$/.test(file)) continue
    for (const match of (await readFile(file, 'utf8')).matchAll(pattern)) urls.add(match[0])
  }
  return urls.size
}

runScenario('warm-build', async ({ quick, log }): Promise<WarmBuildResult> => {
  const site = await ensureSite({ dir: path.join(WORK_DIR, 'site'), imageCount: 300, minBytes: 10_000, maxBytes: 500_000 }, log)
  const runs = quick ? 3 : 9
  const emulator = await startEmulatorProcess()
  const manifestPath = path.join(WORK_DIR, 'warm-build.manifest.json')
  const baselineOut = path.join(WORK_DIR, 'dist-baseline')
  const pluginOut = path.join(WORK_DIR, 'dist-plugin')

  try {
    await rm(manifestPath, { force: true })
    const pluginOptions: Options = {
      accountId: emulator.accountId,
      apiToken: emulator.token,
      apiUrl: emulator.apiUrl,
      accountHash: emulator.accountHash,
      deliveryUrl: emulator.deliveryUrl,
      manifest: manifestPath,
      onMissingCredentials: 'error',
    }
    const buildOnce = async (withPlugin: boolean): Promise<number> => {
      const request: BuildRequest = { root: site.root, outDir: withPlugin ? pluginOut : baselineOut, plugin: withPlugin ? pluginOptions : null }
      const timing = await runTsProcess<BuildTiming>(BUILD_ENTRY, [JSON.stringify(request)])
      return timing.buildMs
    }

    log('uploading every image through the core, to fill the manifest')
    const prime = await primeManifest(site, emulator, manifestPath)

    log('warm-up builds')
    await buildOnce(false)
    await buildOnce(true)
    await emulator.resetCounts()

    // ABBA order, so a slow drift of the machine's speed hits both variants alike.
    const baseline: number[] = []
    const plugin: number[] = []
    for (let run = 0; run < runs; run += 1) {
      const order = run % 2 === 0 ? [false, true] : [true, false]
      for (const withPlugin of order) {
        const ms = await buildOnce(withPlugin)
        ;(withPlugin ? plugin : baseline).push(ms)
        log(`run ${run + 1}/${runs} ${withPlugin ? 'plugin  ' : 'baseline'} ${ms.toFixed(0)} ms`)
      }
    }

    const tally = await emulator.tally()
    const baselineFiles = await listFiles(baselineOut)
    const pluginFiles = await listFiles(pluginOut)
    const byFormat: Record<string, number> = {}
    for (const image of site.images.files) byFormat[image.format] = (byFormat[image.format] ?? 0) + 1
    const sizes = site.images.files.map((image) => image.bytes)
    const baselineMs = summarize(baseline)
    const pluginMs = summarize(plugin)

    return {
      images: { count: sizes.length, totalBytes: site.images.totalBytes, minBytes: Math.min(...sizes), maxBytes: Math.max(...sizes), byFormat },
      referencedFrom: site.referencedFrom,
      runsPerVariant: runs,
      baselineMs,
      pluginMs,
      ratioOfMedians: pluginMs.median / baselineMs.median,
      pairedRatio: summarize(pairedRatios(plugin, baseline)),
      prime,
      hashInMemoryMs: await measureHashing(site.images.files.map((image) => image.path), 5),
      warmRequests: { total: countTallied(tally, {}), uploads: countTallied(tally, { endpoint: 'upload' }) },
      output: {
        baselineImageFiles: baselineFiles.filter((file) => IMAGE_EXTENSIONS.test(file)).length,
        pluginImageFiles: pluginFiles.filter((file) => IMAGE_EXTENSIONS.test(file)).length,
        pluginDeliveryUrls: await countDeliveryUrls(pluginOut, emulator.deliveryUrl),
      },
    }
  } finally {
    await emulator.close()
    await rm(manifestPath, { force: true })
  }
})
