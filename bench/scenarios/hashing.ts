// Scenario 5: SHA-256 of image files with the core's streaming hasher, against coreutils'
// sha256sum on the same files (one process for all files), after a warm-up read so both
// read from the page cache.
import { execFile } from 'node:child_process'
import { readFile, stat } from 'node:fs/promises'
import { promisify } from 'node:util'
import fg from 'fast-glob'
import { sha256File } from '../../src/core/index.js'
import { firstImages, largeImageSet } from '../lib/image-sets.js'
import { REPO_ROOT, runScenario } from '../lib/scenario.js'
import { summarize, type Summary } from '../lib/stats.js'

const execFileAsync = promisify(execFile)

export interface HashingCase {
  label: string
  files: number
  totalBytes: number
  runs: number
  oursMs: Summary
  sha256sumMs: Summary
  /** Median of ours / median of sha256sum: below 1 means ours is faster. */
  ratio: number
  oursMiBPerSecond: number
  sha256sumMiBPerSecond: number
}

export interface HashingResult {
  sha256sumVersion: string
  /** Whether the sha256sum binary links OpenSSL's libcrypto (coreutils can be built either way); undefined when ldd failed. */
  sha256sumUsesLibcrypto: boolean | undefined
  /** OpenSSL version inside Node, which implements `crypto.createHash`. */
  nodeOpenssl: string
  /** Whether the CPU reports the SHA extensions (`sha_ni` in /proc/cpuinfo); undefined where unknown. */
  cpuShaExtensions: boolean | undefined
  /**
   * Node's in-memory SHA-256 speed with and without OpenSSL's use of the SHA extensions, which
   * shows how much of the gap to sha256sum they explain. Only on x64 CPUs that have them.
   */
  shaExtensionControl?: { withMiBPerSecond: number; withoutMiBPerSecond: number }
  cases: HashingCase[]
  /** Cases not measured, each with the reason (for example a playground without images). */
  skipped: Array<{ label: string; reason: string }>
}

async function hashWithOurs(files: readonly string[]): Promise<string[]> {
  const digests: string[] = []
  for (const file of files) digests.push(await sha256File(file))
  return digests
}

async function hashWithSha256sum(files: readonly string[]): Promise<string[]> {
  const { stdout } = await execFileAsync('sha256sum', ['--', ...files], { maxBuffer: 64 * 1024 * 1024 })
  return stdout
    .trim()
    .split('\n')
    .map((line) => line.slice(0, 64))
}

async function measureCase(label: string, files: readonly string[], runs: number, log: (message: string) => void): Promise<HashingCase> {
  const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size))
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0)

  // Warm-up, and a check that both produce the same digests.
  const ours = await hashWithOurs(files)
  const theirs = await hashWithSha256sum(files)
  const mismatch = ours.findIndex((digest, index) => digest !== theirs[index])
  if (mismatch !== -1) throw new Error(`SHA-256 of ${files[mismatch]} differs: ours ${ours[mismatch]}, sha256sum ${theirs[mismatch]}.`)

  const oursMs: number[] = []
  const sha256sumMs: number[] = []
  for (let run = 0; run < runs; run += 1) {
    const order = run % 2 === 0 ? [hashWithOurs, hashWithSha256sum] : [hashWithSha256sum, hashWithOurs]
    for (const hash of order) {
      const startedAt = performance.now()
      await hash(files)
      ;(hash === hashWithOurs ? oursMs : sha256sumMs).push(performance.now() - startedAt)
    }
  }

  const oursSummary = summarize(oursMs)
  const sha256sumSummary = summarize(sha256sumMs)
  const mebibytes = totalBytes / 1024 / 1024
  log(`${label}: ours ${oursSummary.median.toFixed(0)} ms, sha256sum ${sha256sumSummary.median.toFixed(0)} ms`)
  return {
    label,
    files: files.length,
    totalBytes,
    runs,
    oursMs: oursSummary,
    sha256sumMs: sha256sumSummary,
    ratio: oursSummary.median / sha256sumSummary.median,
    oursMiBPerSecond: mebibytes / (oursSummary.median / 1000),
    sha256sumMiBPerSecond: mebibytes / (sha256sumSummary.median / 1000),
  }
}

async function sha256sumUsesLibcrypto(): Promise<boolean | undefined> {
  try {
    const { stdout: binary } = await execFileAsync('sh', ['-c', 'command -v sha256sum'])
    const { stdout } = await execFileAsync('ldd', [binary.trim()])
    return stdout.includes('libcrypto')
  } catch {
    return undefined
  }
}

async function cpuShaExtensions(): Promise<boolean | undefined> {
  try {
    return /\bsha_ni\b/.test(await readFile('/proc/cpuinfo', 'utf8'))
  } catch {
    return undefined
  }
}

/** Median MiB/s of 3 passes of SHA-256 over 128 MiB in memory, in a fresh Node process. */
async function nodeHashSpeed(env: NodeJS.ProcessEnv): Promise<number> {
  const script = `
    const { createHash } = require('node:crypto')
    const data = Buffer.alloc(128 * 1024 * 1024, 7)
    const speeds = []
    for (let pass = 0; pass < 3; pass += 1) {
      const startedAt = performance.now()
      createHash('sha256').update(data).digest()
      speeds.push(128 / ((performance.now() - startedAt) / 1000))
    }
    console.log(speeds.sort((a, b) => a - b)[1])
  `
  const { stdout } = await execFileAsync(process.execPath, ['-e', script], { env })
  return Number(stdout.trim())
}

/**
 * Measures Node's SHA-256 speed as is and with `OPENSSL_ia32cap=:~0x20000000`, which clears the
 * SHA-extensions bit in OpenSSL's capability vector.
 * NOTE: the mask assumes OpenSSL keeps CPUID leaf 7 EBX in the low half of the variable's second
 * field, where bit 29 is the SHA extensions. A lower speed with the mask shows that it took effect.
 */
async function measureShaExtensionControl(): Promise<HashingResult['shaExtensionControl']> {
  const withMiBPerSecond = await nodeHashSpeed(process.env)
  const withoutMiBPerSecond = await nodeHashSpeed({ ...process.env, OPENSSL_ia32cap: ':~0x20000000' })
  return { withMiBPerSecond, withoutMiBPerSecond }
}

runScenario('hashing', async ({ quick, log }): Promise<HashingResult> => {
  const { stdout: version } = await execFileAsync('sha256sum', ['--version'])
  const cases: HashingCase[] = []
  const skipped: HashingResult['skipped'] = []

  const playground = await fg('playground/**/*.{png,jpg,jpeg,gif,webp,svg,avif,heic}', {
    cwd: REPO_ROOT,
    absolute: true,
    caseSensitiveMatch: false,
    ignore: ['**/node_modules/**', 'playground/dist/**'],
  })
  if (playground.length === 0) skipped.push({ label: 'playground images', reason: 'playground/ holds no images yet' })
  else cases.push(await measureCase('playground images', playground.sort(), quick ? 3 : 9, log))

  const large = await largeImageSet(log)
  const set = quick ? firstImages(large, 100) : large
  cases.push(await measureCase(`${set.files.length} files of about 1 MB`, set.files.map((file) => file.path), quick ? 2 : 5, log))

  const shaExtensions = await cpuShaExtensions()
  const result: HashingResult = {
    sha256sumVersion: version.split('\n')[0] ?? 'unknown',
    sha256sumUsesLibcrypto: await sha256sumUsesLibcrypto(),
    nodeOpenssl: process.versions.openssl,
    cpuShaExtensions: shaExtensions,
    cases,
    skipped,
  }
  if (shaExtensions === true && process.arch === 'x64') result.shaExtensionControl = await measureShaExtensionControl()
  return result
})
