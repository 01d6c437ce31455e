// Writes docs/benchmarks.md from the stored scenario records. Every figure on the page comes
// from a record, and the text around it only explains how it was measured.
import type { HashingResult } from '../scenarios/hashing.js'
import type { ManifestScaleResult } from '../scenarios/manifest-scale.js'
import type { RateLimitResult, RateLimitRun } from '../scenarios/rate-limit.js'
import type { UploadThroughputResult } from '../scenarios/upload-throughput.js'
import type { WarmBuildResult } from '../scenarios/warm-build.js'
import type { ForeignLoad, MachineInfo } from './machine.js'
import { renderPng, throughputSvg } from './plot.js'
import { BATCH_QUOTA } from './quota.js'
import { SCENARIOS, type ScenarioName, type ScenarioRecord, type ScenarioRecords, type ScenarioResults } from './records.js'
import type { Summary } from './stats.js'

/** The uploader's default concurrency, which the rate-limit scenario uses. */
const DEFAULT_CONCURRENCY = 8

export const THROUGHPUT_PLOT_FILE = 'upload-throughput.png'

// Goals of this project, not promises. The page reports how far each is met or missed.
const GOALS = {
  warmBuildRatio: 1.05,
  throughputRatio: 0.85,
  peakRssMiB: 300,
  quotaUse: 0.9,
  rateLimited: 1,
} as const

function fixed(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

function ms(value: number): string {
  return value >= 100 ? `${fixed(value, 0)} ms` : `${fixed(value, 1)} ms`
}

function mib(bytes: number): string {
  return `${fixed(bytes / 1024 / 1024, 1)} MiB`
}

function percent(ratio: number): string {
  return `${fixed(ratio * 100, 1)} %`
}

/** "median (min to max)" of a summary, formatted with `format`. */
function spread(summary: Summary, format: (value: number) => string): string {
  return `${format(summary.median)} (${format(summary.min)} to ${format(summary.max)})`
}

function machineLine(machine: MachineInfo): string {
  return `${machine.cores} × ${machine.cpuModel}, ${fixed(machine.memoryBytes / 1024 ** 3, 1)} GiB memory, ${machine.platform} ${machine.release}, Node ${machine.nodeVersion}`
}

function foreignLoadLine(load: ForeignLoad, cores: number): string {
  if (load.averageCores === undefined) return 'The CPU time of other processes could not be read (no /proc).'
  if (load.averageCores < 0.05) return 'Other processes used less than 0.05 cores while it ran.'
  const top = load.top
    .filter((entry) => entry.cpuSeconds >= 0.5)
    .map((entry) => `${entry.command} ${fixed(entry.cpuSeconds, 1)} s`)
    .join(', ')
  return `Other processes used on average **${fixed(load.averageCores, 2)} of the ${cores} cores** while it ran${top === '' ? '' : ` (the busiest in samples: ${top})`}, so these figures are likely slower than on an idle machine.`
}

function header<Name extends ScenarioName>(record: ScenarioRecord<Name>, command: string): string[] {
  return [
    `Command: \`${command}\`. Measured ${record.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}${record.quick ? ' in **quick mode** (fewer runs, smaller inputs: check figures only)' : ''}, in ${fixed(record.seconds, 0)} s.`,
    `Load average before and after: ${record.loadAverage.before.map((value) => fixed(value, 2)).join(' / ')} and ${record.loadAverage.after.map((value) => fixed(value, 2)).join(' / ')}. ${foreignLoadLine(record.foreignLoad, record.machine.cores)}`,
  ]
}

interface GoalRow {
  measure: string
  result: string
  goal: string
  verdict: string
}

function atMost(value: number, limit: number, format: (value: number) => string): string {
  return value <= limit ? 'met' : `missed by ${format(value - limit)}`
}

function atLeast(value: number, limit: number, format: (value: number) => string): string {
  return value >= limit ? 'met' : `missed by ${format(limit - value)}`
}

// ---- Scenario 1 ----------------------------------------------------------------------------

function warmBuildSection(record: ScenarioRecord<'warm-build'>, result: WarmBuildResult): { lines: string[]; goals: GoalRow[] } {
  const differenceMs = result.pluginMs.median - result.baselineMs.median
  const formats = Object.entries(result.images.byFormat)
    .map(([format, count]) => `${count} ${format.toUpperCase()}`)
    .join(', ')
  const lines = [
    ...header(record, 'npm run bench -- --only warm-build'),
    '',
    `A generated site (\`bench/.work/site\`) with ${result.images.count} distinct images: ${formats} (${mib(result.images.totalBytes)} in all, ${fixed(result.images.minBytes / 1000, 0)} KB to ${fixed(result.images.maxBytes / 1000, 0)} KB, sizes log-uniform). They are referenced from HTML \`<img>\` (${result.referencedFrom.html}), CSS \`url()\` (${result.referencedFrom.css}) and JavaScript imports (${result.referencedFrom.js}). Each build is a fresh \`node\` process calling Vite's \`build()\`; the time is that call only, without process start-up and module loading. The plugin builds run against a complete manifest, filled beforehand by \`uploadImages()\` (${result.prime.uploads} uploads in ${fixed(result.prime.seconds, 1)} s), with the emulator running in its own process. One warm-up build of each kind, then ${result.runsPerVariant} runs of each in ABBA order (baseline, plugin, plugin, baseline, ...).`,
    '',
    '| build | median | min | max |',
    '| --- | --- | --- | --- |',
    `| Vite without the plugin | ${ms(result.baselineMs.median)} | ${ms(result.baselineMs.min)} | ${ms(result.baselineMs.max)} |`,
    `| Vite with the plugin, nothing to upload | ${ms(result.pluginMs.median)} | ${ms(result.pluginMs.min)} | ${ms(result.pluginMs.max)} |`,
    '',
    `Ratio plugin / baseline: **${fixed(result.ratioOfMedians, 3)}** (ratio of the medians); per run pair ${spread(result.pairedRatio, (value) => fixed(value, 3))}. Goal ≤ ${GOALS.warmBuildRatio}: ${atMost(result.ratioOfMedians, GOALS.warmBuildRatio, (value) => fixed(value, 3))}.`,
    '',
    `The warm plugin builds sent ${result.warmRequests.total} requests to the emulator (${result.warmRequests.uploads} uploads). Their output held ${result.output.pluginImageFiles} image files (the baseline's: ${result.output.baselineImageFiles}) and ${result.output.pluginDeliveryUrls} distinct delivery URLs${result.output.pluginDeliveryUrls === result.images.count ? ', one per image, so every reference was rewritten' : `, where ${result.images.count} were expected`}.`,
    '',
    `What limits it: the plugin must read and hash every image before the synchronous \`renderBuiltUrl\`, and SHA-256 of the ${mib(result.images.totalBytes)} already in memory takes ${spread(result.hashInMemoryMs, ms)} here on its own. The plugin also saves work, because its output holds ${result.output.pluginImageFiles} image files where the baseline writes ${result.output.baselineImageFiles}. Net, the plugin's median is ${ms(Math.abs(differenceMs))} ${differenceMs >= 0 ? 'above' : 'below'} the baseline's.`,
  ]
  const goals = [
    {
      measure: 'Warm build, plugin / baseline',
      result: fixed(result.ratioOfMedians, 3),
      goal: `≤ ${GOALS.warmBuildRatio}`,
      verdict: atMost(result.ratioOfMedians, GOALS.warmBuildRatio, (value) => fixed(value, 3)),
    },
  ]
  return { lines, goals }
}

// ---- Scenario 2 ----------------------------------------------------------------------------

function throughputSection(record: ScenarioRecord<'upload-throughput'>, result: UploadThroughputResult): { lines: string[]; goals: GoalRow[] } {
  const cores = record.machine.cores
  const busiest = result.points.reduce((a, b) => (a.uploaderCores + a.emulatorCores >= b.uploaderCores + b.emulatorCores ? a : b))
  const cpuBound = busiest.uploaderCores + busiest.emulatorCores >= 0.8 * cores
  const foreignCores = record.foreignLoad.averageCores ?? 0
  const sharedCpu = busiest.uploaderCores + busiest.emulatorCores + foreignCores >= 0.8 * cores
  const slowest = result.points.reduce((a, b) => (a.ratio <= b.ratio ? a : b))
  const perSecond = (value: number): string => `${fixed(value, 0)}/s`
  const memory = result.memory

  const lines = [
    ...header(record, 'npm run bench -- --only upload-throughput'),
    '',
    `${result.images} distinct PNGs of about ${fixed(result.imageBytes / 1000, 0)} KB, uploaded by \`uploadImages()\` from an empty manifest to an emulator (own process, in-memory store) that holds every upload for ${result.latencyMs} ms before answering. Client pacing and the emulator's quota are off and the batch API is not used (\`batchThreshold: false\`), so only concurrency and latency should limit the rate. The goal is judged on the whole \`uploadImages()\` call. That call hashes every file, lists the account once (empty manifest) and runs preflight on every file before the first upload. The upload phase, from the uploader's \`planned\` progress event to the end, is shown next to it. A fresh emulator per run; ${result.runsPerPoint} run${result.runsPerPoint === 1 ? '' : 's'} per concurrency after one warm-up run.`,
    '',
    '| concurrency | ideal (concurrency / latency) | whole call: median (min to max) | whole call / ideal | upload phase only: median (min to max) | upload phase / ideal | before the first upload | CPU: uploader, emulator (cores) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...result.points.map(
      (point) =>
        `| ${point.concurrency} | ${fixed(point.idealPerSecond, 0)}/s | ${spread(point.achievedPerSecond, perSecond)} | **${fixed(point.ratio, 3)}** | ${spread(point.uploadPhasePerSecond, perSecond)} | ${fixed(point.uploadPhasePerSecond.median / point.idealPerSecond, 3)} | ${fixed(point.beforeUploadsSeconds, 2)} s | ${fixed(point.uploaderCores, 2)}, ${fixed(point.emulatorCores, 2)} |`,
    ),
    '',
    `![Uploads per second against concurrency: ideal and achieved](${THROUGHPUT_PLOT_FILE})`,
    '',
    `Goal ≥ ${GOALS.throughputRatio} at each concurrency: ${result.points.map((point) => `${point.concurrency}: ${atLeast(point.ratio, GOALS.throughputRatio, (value) => fixed(value, 3))}`).join('; ')}. Each run made ${busiest.uploadRequests} upload requests and at most ${Math.max(...result.points.map((point) => point.otherRequests))} others.`,
    '',
    cpuBound
      ? `What limits it: CPU. At concurrency ${busiest.concurrency} the uploading process used ${fixed(busiest.uploaderCores, 2)} cores and the emulator ${fixed(busiest.emulatorCores, 2)}, close to the machine's ${cores}, so requests wait for a core rather than for the ${result.latencyMs} ms latency.`
      : sharedCpu
        ? `What limits it: most likely CPU shared with other work. At concurrency ${busiest.concurrency} the uploading process used ${fixed(busiest.uploaderCores, 2)} cores and the emulator ${fixed(busiest.emulatorCores, 2)}, while other processes used ${fixed(foreignCores, 2)} of the ${cores} on average. In the upload phase at concurrency ${slowest.concurrency}, one upload took ${fixed((slowest.concurrency / slowest.uploadPhasePerSecond.median) * 1000, 0)} ms on average from start to answer, against the emulator's ${result.latencyMs} ms, and the call spent ${fixed(slowest.beforeUploadsSeconds, 2)} s on hashing, listing and preflight before the first upload.`
        : `What limits it: not this benchmark's CPU time (at concurrency ${busiest.concurrency} the uploading process used ${fixed(busiest.uploaderCores, 2)} cores and the emulator ${fixed(busiest.emulatorCores, 2)} of ${cores}). The goal is judged on the whole call, which starts with ${fixed(slowest.beforeUploadsSeconds, 2)} s of hashing, listing and preflight at concurrency ${slowest.concurrency} before the first upload. In the upload phase, one upload took ${fixed((slowest.concurrency / slowest.uploadPhasePerSecond.median) * 1000, 0)} ms on average from start to answer, against the emulator's ${result.latencyMs} ms.`,
    '',
    '### Memory',
    '',
    `A child process uploads ${memory.images} PNGs of about 1 MB (${mib(memory.totalBytes)} in all) from their paths at concurrency ${memory.concurrency}, to an emulator in another process that stores them on disk; ${memory.runs} run${memory.runs === 1 ? '' : 's'}, each against a fresh emulator. Peak resident set size of the uploading process (\`process.resourceUsage().maxRSS\`): **${spread(memory.maxRssMiB, (value) => `${fixed(value, 1)} MiB`)}**, judged on the max. ${memory.uploaded === memory.images && memory.failed === 0 ? `Every run uploaded all ${memory.images} images with none failed` : `The worst run uploaded ${memory.uploaded} images, and up to ${memory.failed} failed`}, in ${spread(memory.seconds, (value) => `${fixed(value, 1)} s`)}. The same process with its modules loaded and no work peaks at ${fixed(memory.idleMaxRssMiB, 1)} MiB. Goal < ${GOALS.peakRssMiB} MiB: ${memory.maxRssMiB.max < GOALS.peakRssMiB ? 'met' : `missed by ${fixed(memory.maxRssMiB.max - GOALS.peakRssMiB, 1)} MiB`}.`,
  ]
  const goals: GoalRow[] = [
    ...result.points.map((point) => ({
      measure: `Cold uploads at concurrency ${point.concurrency}, achieved / ideal`,
      result: `${fixed(point.ratio, 3)} (${fixed(point.achievedPerSecond.median, 0)} of ${fixed(point.idealPerSecond, 0)}/s)`,
      goal: `≥ ${GOALS.throughputRatio}`,
      verdict: atLeast(point.ratio, GOALS.throughputRatio, (value) => fixed(value, 3)),
    })),
    {
      measure: `Peak RSS uploading ${memory.images} × 1 MB (max of ${memory.runs} run${memory.runs === 1 ? '' : 's'})`,
      result: `${fixed(memory.maxRssMiB.max, 1)} MiB`,
      goal: `< ${GOALS.peakRssMiB} MiB`,
      verdict: memory.maxRssMiB.max < GOALS.peakRssMiB ? 'met' : `missed by ${fixed(memory.maxRssMiB.max - GOALS.peakRssMiB, 1)} MiB`,
    },
  ]
  return { lines, goals }
}

export async function renderThroughputPlot(result: UploadThroughputResult): Promise<Buffer> {
  const points = result.points.map((point) => ({
    concurrency: point.concurrency,
    ideal: point.idealPerSecond,
    achievedMedian: point.achievedPerSecond.median,
    achievedMin: point.achievedPerSecond.min,
    achievedMax: point.achievedPerSecond.max,
  }))
  return renderPng(throughputSvg(points, `Cold uploads of ${result.images} images, ${result.latencyMs} ms per upload`))
}

// ---- Scenario 3 ----------------------------------------------------------------------------

function retriesText(run: RateLimitRun): string {
  const entries = Object.entries(run.retries)
  return entries.length === 0 ? 'none' : entries.map(([reason, count]) => `${count} ${reason}`).join(', ')
}

function rateLimitSection(record: ScenarioRecord<'rate-limit'>, result: RateLimitResult): { lines: string[]; goals: GoalRow[] } {
  const { quota } = result
  const quotaText = `${quota.requests} requests per ${quota.windowSeconds} s`
  const lines = [
    ...header(record, 'npm run bench -- --only rate-limit'),
    '',
    `The emulator enforces an account quota of ${quotaText} (Cloudflare's is 1200 per 300 s; scaled down to keep the run short) as a fixed window. Over it, the emulator responds 429 with \`Retry-After\`, and every response carries the \`Ratelimit\` header. The client keeps its default pacing (1200 per 300 s), so it only learns the lower quota from those responses. Each mode uploads ${result.runs[0]?.images ?? 0} distinct PNGs of about 10 KB from an empty manifest at the default concurrency (8), against a fresh emulator. In batch mode (\`batchThreshold: 0\`) uploads go to the batch host, which the account quota does not count; the client paces them at 200 per second per token. The emulator does not enforce that batch limit, so the batch rows show the client's own pacing. Ideal time: a client that sends the first ${quota.requests} requests at once and every later block of ${quota.requests} the moment a window ends needs floor((n − 1) / ${quota.requests}) × ${quota.windowSeconds} s for n accepted account requests. A request rejected with 429 uses no quota. In batch mode, the ideal is the same formula at 200 requests per 1 s for the batch requests, if that is longer. One run per mode: the quota, not noise, sets the time.`,
    '',
    '| mode | uploaded | failed | account requests | 429 responses | batch requests | retries | time | ideal | ideal / time |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...result.runs.map(
      (run) =>
        `| ${run.mode} | ${run.uploaded} | ${run.failed} | ${run.accountRequests} | ${run.accountRateLimited + run.batchRateLimited} | ${run.batchRequests} | ${retriesText(run)} | ${fixed(run.seconds, 1)} s | ${fixed(run.idealSeconds, 0)} s | ${run.quotaUse === null ? 'n/a (within one window)' : `**${percent(run.quotaUse)}**`} |`,
    ),
    '',
  ]

  const goals: GoalRow[] = []
  for (const run of result.runs) {
    const rateLimited = run.accountRateLimited + run.batchRateLimited
    goals.push({ measure: `Rate limit (${run.mode}): failed images`, result: String(run.failed), goal: '0', verdict: atMost(run.failed, 0, (value) => fixed(value, 0)) })
    goals.push({
      measure: `Rate limit (${run.mode}): 429 responses`,
      result: String(rateLimited),
      goal: `≤ ${GOALS.rateLimited}`,
      verdict: atMost(rateLimited, GOALS.rateLimited, (value) => fixed(value, 0)),
    })
    if (run.quotaUse !== null) {
      // In batch mode the goal applies only when the batch pacing, not the concurrency, set the rate.
      const phaseRate = run.batchRequests / run.uploadPhaseSeconds
      const notBinding = run.mode === 'batch' && phaseRate < GOALS.quotaUse * BATCH_QUOTA.requests
      goals.push({
        measure: `Rate limit (${run.mode}): ideal time / time`,
        result: percent(run.quotaUse),
        goal: `≥ ${percent(GOALS.quotaUse)}`,
        verdict: notBinding
          ? `not applicable: the upload phase ran at ${fixed(phaseRate, 0)}/s, below the ${BATCH_QUOTA.requests}/s pacing`
          : atLeast(run.quotaUse, GOALS.quotaUse, (value) => `${fixed(value * 100, 1)} points`),
      })
    }
  }

  const overrun = result.runs.filter((run) => run.rateLimitedRuns.length > 0)
  for (const run of overrun) {
    lines.push(
      `In ${run.mode} mode the 429 responses came in ${run.rateLimitedRuns.length} run${run.rateLimitedRuns.length === 1 ? '' : 's'} of consecutive responses (${run.rateLimitedRuns.join(', ')} requests). The client pauses every request once a response carries \`Ratelimit: r=0\`. It does not limit the requests in flight to the remaining \`r\` before that, so up to concurrency − 1 (${DEFAULT_CONCURRENCY - 1}) requests that were already sent can reach a window whose quota is used up.`,
      '',
    )
  }

  const account = result.runs.find((run) => run.mode === 'account')
  const batch = result.runs.find((run) => run.mode === 'batch')
  if (account !== undefined) {
    lines.push(
      `What limits the account mode: the quota. ${account.accountRequests - account.accountRateLimited} accepted account requests need at least ${fixed(account.idealSeconds, 0)} s; the run took ${fixed(account.seconds - account.idealSeconds, 1)} s longer, which is the client's delay at each window boundary plus the time to send the requests of the last window.`,
    )
  }
  if (batch !== undefined) {
    lines.push(
      '',
      `What limits the batch mode: not the account quota, which counted only ${batch.accountRequests} requests. The ${batch.batchRequests} batch requests ran at ${fixed(batch.batchRequests / batch.seconds, 0)} per second over the whole call and ${fixed(batch.batchRequests / batch.uploadPhaseSeconds, 0)} per second in the upload phase (the last ${fixed(batch.uploadPhaseSeconds, 1)} s). The client paces them at ${BATCH_QUOTA.requests} per sliding 1 s window, so the first ${BATCH_QUOTA.requests} go at once and the next ${BATCH_QUOTA.requests} one second later. ${batch.batchRequests / batch.uploadPhaseSeconds < GOALS.quotaUse * BATCH_QUOTA.requests ? 'Below that pacing, the concurrency of 8 and the time per request set the pace.' : 'That pacing sets the pace.'} The ideal of ${fixed(batch.idealSeconds, 0)} s counts no time for hashing, listing and preflight, which took ${fixed(batch.seconds - batch.uploadPhaseSeconds, 1)} s of this ${fixed(batch.seconds, 1)} s run. Nor does it count the batch token request or the last requests in flight, and in a run this short those fixed costs weigh heavily in the ratio.`,
    )
  }
  return { lines, goals }
}

// ---- Scenario 4 ----------------------------------------------------------------------------

function manifestSection(record: ScenarioRecord<'manifest-scale'>, result: ManifestScaleResult): { lines: string[]; goals: GoalRow[] } {
  const perLookupNs = (result.lookupBatchMs.median * 1e6) / result.lookups
  const sync = result.sync
  const lines = [
    ...header(record, 'npm run bench -- --only manifest-scale'),
    '',
    `A manifest of ${result.entries.toLocaleString('en-US')} entries for one account (realistic IDs, file names and dates), on disk: **${mib(result.fileBytes)}**. Building it in memory and writing it once took ${ms(result.createMs)}. Then ${result.runs} runs of: \`Manifest.load()\`, ${result.lookups.toLocaleString('en-US')} lookups (half hits, half misses), and recording one new entry followed by \`flush()\` (lock, re-read check, serialise every entry, atomic rename); each run adds one entry, so the last run sees ${(result.entries + result.runs - 1).toLocaleString('en-US')}.`,
    '',
    '| operation | median | min | max |',
    '| --- | --- | --- | --- |',
    `| load | ${ms(result.loadMs.median)} | ${ms(result.loadMs.min)} | ${ms(result.loadMs.max)} |`,
    `| save after one new entry | ${ms(result.saveMs.median)} | ${ms(result.saveMs.min)} | ${ms(result.saveMs.max)} |`,
    `| ${result.lookups.toLocaleString('en-US')} lookups | ${ms(result.lookupBatchMs.median)} | ${ms(result.lookupBatchMs.min)} | ${ms(result.lookupBatchMs.max)} |`,
    '',
    `One lookup costs about ${fixed(perLookupNs, 0)} ns (median batch / count).`,
    '',
    `\`syncManifest({ mode: 'rebuild' })\` against an emulator (own process) seeded with ${sync.seeded.toLocaleString('en-US')} images carrying this tool's metadata, into an empty manifest: ${spread(sync.durationMs, ms)} over ${sync.runs} run${sync.runs === 1 ? '' : 's'}, **${sync.listRequests} list requests** and ${sync.otherRequests} others; ${sync.added.toLocaleString('en-US')} entries added.`,
    '',
    `What limits it: each save serialises and rewrites the whole file (${mib(result.fileBytes)}), so at this size every throttled flush during uploads costs about ${ms(result.saveMs.median)}, and each load parses and checks every entry. Of a sync, listing the ${sync.seeded.toLocaleString('en-US')} images through the client alone takes ${spread(sync.listOnlyMs, ms)}; the rest is reading each image's metadata, building the entries and writing the ${mib(result.fileBytes)} manifest.`,
  ]
  const goals: GoalRow[] = [
    {
      measure: `Manifest of ${result.entries.toLocaleString('en-US')} entries: load, save, file size`,
      result: `${ms(result.loadMs.median)}, ${ms(result.saveMs.median)}, ${mib(result.fileBytes)}`,
      goal: 'none set',
      verdict: '—',
    },
    {
      measure: `Sync from ${sync.seeded.toLocaleString('en-US')} images: list requests, time`,
      result: `${sync.listRequests}, ${ms(sync.durationMs.median)}`,
      goal: 'none set',
      verdict: '—',
    },
  ]
  return { lines, goals }
}

// ---- Scenario 5 ----------------------------------------------------------------------------

function hashingLimitSentence(result: HashingResult): string {
  const theirs =
    result.sha256sumUsesLibcrypto === undefined
      ? 'ldd could not tell whether this sha256sum uses OpenSSL'
      : result.sha256sumUsesLibcrypto
        ? 'this sha256sum links libcrypto as well'
        : "this sha256sum does not link libcrypto, so it runs coreutils' own C code"
  const control = result.shaExtensionControl
  const extensions =
    control === undefined
      ? ''
      : ` The CPU has the x86 SHA extensions: Node hashes ${fixed(control.withMiBPerSecond, 0)} MiB/s in memory with them and ${fixed(control.withoutMiBPerSecond, 0)} MiB/s when OpenSSL is told to ignore them (\`OPENSSL_ia32cap=:~0x20000000\`).`
  const small = result.cases.find((entry) => entry.totalBytes < 16 * 1024 * 1024)
  const smallFiles =
    small === undefined
      ? ''
      : ` For the ${small.files} ${small.label} (${mib(small.totalBytes)}), hashing speed hardly matters: ours takes ${fixed(small.oursMs.median / small.files, 2)} ms per file, and sha256sum's time includes one process start.`
  return `What limits it: SHA-256 computed on one core, for the large files. Node's hash is OpenSSL ${result.nodeOpenssl}, while ${theirs}.${extensions}${smallFiles}`
}

function hashingSection(record: ScenarioRecord<'hashing'>, result: HashingResult): { lines: string[]; goals: GoalRow[] } {
  const lines = [
    ...header(record, 'npm run bench -- --only hashing'),
    '',
    `\`sha256File()\` from the core (a read stream into Node's \`crypto\` hash, one file after another, in a process that is already running) against \`${result.sha256sumVersion}\` given every file in one process (process start included). A warm-up pass of each first, which also checks that both produce the same digests, so both read from the page cache. Runs interleaved.`,
    '',
    '| files | total | ours: median (min to max) | sha256sum: median (min to max) | ours / sha256sum | ours | sha256sum |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...result.cases.map(
      (entry) =>
        `| ${entry.label} (${entry.files} files, ${entry.runs} runs) | ${mib(entry.totalBytes)} | ${spread(entry.oursMs, ms)} | ${spread(entry.sha256sumMs, ms)} | **${fixed(entry.ratio, 3)}** | ${fixed(entry.oursMiBPerSecond, 0)} MiB/s | ${fixed(entry.sha256sumMiBPerSecond, 0)} MiB/s |`,
    ),
    ...result.skipped.map((entry) => `| ${entry.label} | not measured: ${entry.reason} | | | | | |`),
    '',
    hashingLimitSentence(result),
  ]
  const goals = result.cases.map((entry) => ({
    measure: `SHA-256 of ${entry.label}, ours / sha256sum`,
    result: fixed(entry.ratio, 3),
    goal: 'none set',
    verdict: '—',
  }))
  return { lines, goals }
}

// ---- Page ----------------------------------------------------------------------------------

type SectionRenderer<Name extends ScenarioName> = (record: ScenarioRecord<Name>, result: ScenarioResults[Name]) => { lines: string[]; goals: GoalRow[] }

const RENDERERS: { [Name in ScenarioName]: SectionRenderer<Name> } = {
  'warm-build': warmBuildSection,
  'upload-throughput': throughputSection,
  'rate-limit': rateLimitSection,
  'manifest-scale': manifestSection,
  hashing: hashingSection,
}

function renderSection<Name extends ScenarioName>(name: Name, record: ScenarioRecord<Name>): { lines: string[]; goals: GoalRow[] } {
  if (record.result === undefined) {
    return {
      lines: [
        ...header(record, `npm run bench -- --only ${name}`),
        '',
        'Not measured: the scenario failed. The end of its error output:',
        '',
        '```text',
        record.error ?? '',
        '```',
      ],
      goals: [],
    }
  }
  return RENDERERS[name](record, record.result)
}

export function renderReport(records: ScenarioRecords): string {
  const sections: string[] = []
  const goals: GoalRow[] = []
  SCENARIOS.forEach((scenario, index) => {
    sections.push('', `## ${index + 1}. ${scenario.title}`, '')
    const record = records[scenario.name]
    if (record === undefined) {
      sections.push(`Not measured yet: run \`npm run bench -- --only ${scenario.name}\`.`)
      return
    }
    let section: { lines: string[]; goals: GoalRow[] }
    try {
      section = renderSection(scenario.name, record as ScenarioRecord<typeof scenario.name>)
    } catch (error) {
      // A record stored by an older version of the harness may lack fields this version reads.
      section = {
        lines: [`The stored figures could not be rendered (${(error as Error).message}). Run \`npm run bench -- --only ${scenario.name}\` again.`],
        goals: [],
      }
    }
    sections.push(...section.lines)
    goals.push(...section.goals)
  })

  const quick = Object.values(records).some((record) => record?.quick)
  const totalMinutes = Object.values(records).reduce((sum, record) => sum + (record?.seconds ?? 0), 0) / 60
  const machines = [...new Set(Object.values(records).map((record) => (record ? machineLine(record.machine) : '')))].filter(Boolean)

  const lines = [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (bench/run.mjs). Edit bench/lib/report.ts, not this file. -->',
    '',
    `Measured by \`npm run bench\`, which runs each scenario in its own Node process, stores its figures in \`bench/.work/results/\` (gitignored) and rewrites this page and [\`${THROUGHPUT_PLOT_FILE}\`](${THROUGHPUT_PLOT_FILE}) from them. Nothing here runs in \`npm test\`. The goals are this project's targets, and each section says by how much a goal is missed.`,
    '',
    quick ? '> **Quick mode:** some figures below come from `npm run bench -- --quick` (fewer runs, smaller inputs). They check that the harness works; do not compare them with full runs.\n' : '',
    `Machine: ${machines.join('; ') || 'no scenario measured yet'}.`,
    '',
    '## Running it',
    '',
    '```sh',
    `npm run bench                                  # every scenario (those on this page took ${fixed(totalMinutes, 1)} min)`,
    'npm run bench -- --only warm-build,hashing     # some scenarios; the page keeps the others',
    'npm run bench -- --quick                       # fewer runs and smaller inputs, to check the harness',
    'npm run bench -- --report-only                 # rewrite this page from the stored figures',
    '```',
    '',
    'The scenarios load the TypeScript sources through `tsx`, so no `npm run build` is needed. Generated images and sites are cached in `bench/.work/` (about 1.1 GB; delete it to regenerate). Every server is the local emulator on 127.0.0.1, each in a process of its own so its CPU time and memory stay out of the measured process. Every benchmark process runs behind the test suite\'s network guard, which rejects requests to any other host. Each section reports the load average and the CPU time that processes outside the benchmark used while it ran (machine-wide busy time from `/proc/stat` minus the benchmark\'s own, with the busiest commands from samples every 2 s). Medians are given with min and max. Where a section gives one run, it says why.',
    '',
    '## Summary',
    '',
    '| measure | result | goal | verdict |',
    '| --- | --- | --- | --- |',
    ...goals.map((row) => `| ${row.measure} | ${row.result} | ${row.goal} | ${row.verdict} |`),
    ...sections,
    '',
  ]
  return lines.filter((line, index) => !(line === '' && lines[index - 1] === '')).join('\n')
}
