import { mkdir, readFile, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Logger } from '../api/types.js'
import type { ManifestEntry } from './types.js'
import { writeFileAtomic } from './atomic-write.js'
import { ManifestError } from './errors.js'
import { acquireLock, type LockOptions } from './manifest-lock.js'
import { encodeManifest, type ManifestAccount, type ManifestData, parseManifest } from './manifest-format.js'

export interface ManifestOptions {
  logger?: Logger
  /** Minimum time between two automatic writes while entries are recorded. @default 250 */
  flushIntervalMs?: number
  lock?: Omit<LockOptions, 'logger'>
  /** Never write the file (dry runs, verification). @default false */
  readOnly?: boolean
}

type Operation =
  | { kind: 'set'; accountId: string; sha256: string; entry: ManifestEntry }
  | { kind: 'delete'; accountId: string; sha256: string }
  | { kind: 'account-hash'; accountId: string; accountHash: string }

type DiskState =
  | { kind: 'missing' }
  | { kind: 'ok'; data: ManifestData; droppedEntries: number }
  | { kind: 'invalid'; reason: string }
  | { kind: 'newer'; version: number }

/** Problem found in the manifest file when it was read. The entries it affects were not loaded. */
export type ManifestLoadIssue =
  /** Entries with a missing field or a field of the wrong type, which were dropped. */
  | { kind: 'dropped-entries'; count: number }
  /** A file that could not be read or parsed, or of an older format: nothing was loaded. */
  | { kind: 'invalid'; reason: string }
  /** A file written by a newer version of this tool: nothing was loaded, and it is never written. */
  | { kind: 'newer-version'; version: number }

export const DEFAULT_FLUSH_INTERVAL_MS = 250

function cloneData(data: ManifestData): ManifestData {
  const copy: ManifestData = new Map()
  for (const [accountId, account] of data) {
    const accountCopy: ManifestAccount = { images: new Map(account.images) }
    if (account.accountHash !== undefined) accountCopy.accountHash = account.accountHash
    copy.set(accountId, accountCopy)
  }
  return copy
}

function accountOf(data: ManifestData, accountId: string): ManifestAccount {
  let account = data.get(accountId)
  if (!account) {
    account = { images: new Map() }
    data.set(accountId, account)
  }
  return account
}

function sameEntry(a: ManifestEntry | undefined, b: ManifestEntry): boolean {
  return (
    a !== undefined &&
    a.id === b.id &&
    a.bytes === b.bytes &&
    a.width === b.width &&
    a.height === b.height &&
    a.format === b.format &&
    a.file === b.file &&
    a.uploaded === b.uploaded
  )
}

/** Applies operations to manifest data; returns whether anything changed. */
function applyOperations(data: ManifestData, operations: readonly Operation[]): boolean {
  let changed = false
  for (const operation of operations) {
    if (operation.kind === 'set') {
      const images = accountOf(data, operation.accountId).images
      if (!sameEntry(images.get(operation.sha256), operation.entry)) {
        images.set(operation.sha256, operation.entry)
        changed = true
      }
    } else if (operation.kind === 'delete') {
      changed = (data.get(operation.accountId)?.images.delete(operation.sha256) ?? false) || changed
    } else {
      const account = accountOf(data, operation.accountId)
      if (account.accountHash !== operation.accountHash) {
        account.accountHash = operation.accountHash
        changed = true
      }
    }
  }
  return changed
}

/** Identity of the file on disk; every atomic write makes a new inode. */
async function fileSignature(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path, { bigint: true })
    return `${info.ino}:${info.size}:${info.mtimeNs}`
  } catch {
    return undefined
  }
}

async function readDiskState(path: string): Promise<DiskState> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
    return { kind: 'invalid', reason: `it could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }
  }

  const parsed = parseManifest(text)
  if (parsed.status === 'ok') return { kind: 'ok', data: parsed.data, droppedEntries: parsed.droppedEntries }
  if (parsed.status === 'newer') return { kind: 'newer', version: parsed.version }
  return { kind: 'invalid', reason: parsed.reason }
}

/**
 * The cache of confirmed uploads: account id and SHA-256 to `ManifestEntry`.
 *
 * Changes are recorded in memory at once and written by throttled flushes, plus a final one in
 * `close`. Flushes are at least `flushIntervalMs` apart, or four times the last write's duration
 * if that is longer. So a killed build keeps everything flushed before it died. Each write takes a lock file, re-reads the file if another process changed
 * it, applies this instance's changes on top, and replaces the file atomically, so concurrent
 * writers lose nothing. A missing file is an empty manifest. An unreadable, invalid or older
 * file is an empty manifest with one warning, and is rewritten on the next write. A file from a
 * newer version is ignored with one warning and never written.
 */
export class Manifest {
  readonly path: string
  private readonly logger: Logger | undefined
  private readonly flushIntervalMs: number
  private readonly lockOptions: LockOptions
  private readOnly: boolean

  /** Entries that lookups use: the file as last read, plus every change made here. */
  private readonly current: ManifestData
  /** The file as last read or written, when known; undefined forces a re-read. */
  private persisted: ManifestData | undefined
  private persistedSignature: string | undefined
  private pending: Operation[] = []
  /** Keys deleted here, so entries read back from the file do not reappear in lookups. */
  private readonly deletedKeys = new Set<string>()
  private needsRewrite = false
  private warnedAboutFile = false
  #loadIssue: ManifestLoadIssue | undefined

  private flushTimer: ReturnType<typeof setTimeout> | undefined
  private lastFlushStartedAt = 0
  private lastFlushDurationMs = 0
  private flushChain: Promise<void> = Promise.resolve()

  private constructor(path: string, options: ManifestOptions, current: ManifestData) {
    this.path = path
    this.logger = options.logger
    this.flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS
    this.lockOptions = { ...options.lock, ...(options.logger ? { logger: options.logger } : {}) }
    this.readOnly = options.readOnly ?? false
    this.current = current
  }

  /** Reads the manifest at `path`. A bad file is a warning, not an error: see the class description. */
  static async load(path: string, options: ManifestOptions = {}): Promise<Manifest> {
    const signature = await fileSignature(path)
    const state = await readDiskState(path)
    const manifest = new Manifest(path, options, state.kind === 'ok' ? cloneData(state.data) : new Map())
    manifest.adoptDiskState(state, signature)
    return manifest
  }

  /** The first problem found in the file, or undefined when every entry on disk was loaded. */
  get loadIssue(): ManifestLoadIssue | undefined {
    return this.#loadIssue
  }

  /** False when this instance never writes the file: opened read-only, or written by a newer version. */
  get writable(): boolean {
    return !this.readOnly
  }

  get(accountId: string, sha256: string): ManifestEntry | undefined {
    return this.current.get(accountId)?.images.get(sha256)
  }

  /** Returns every entry of one account, keyed by SHA-256. */
  images(accountId: string): ReadonlyMap<string, ManifestEntry> {
    return this.current.get(accountId)?.images ?? new Map()
  }

  accountIds(): string[] {
    return [...this.current.keys()]
  }

  accountHash(accountId: string): string | undefined {
    return this.current.get(accountId)?.accountHash
  }

  /** Records a confirmed upload and schedules a write. */
  set(accountId: string, sha256: string, entry: ManifestEntry): void {
    // A private copy: the serialiser caches each entry's text by object.
    entry = { ...entry }
    accountOf(this.current, accountId).images.set(sha256, entry)
    this.deletedKeys.delete(`${accountId}/${sha256}`)
    this.enqueue({ kind: 'set', accountId, sha256, entry })
  }

  delete(accountId: string, sha256: string): void {
    this.current.get(accountId)?.images.delete(sha256)
    this.deletedKeys.add(`${accountId}/${sha256}`)
    this.enqueue({ kind: 'delete', accountId, sha256 })
  }

  setAccountHash(accountId: string, accountHash: string): void {
    if (this.accountHash(accountId) === accountHash) return
    accountOf(this.current, accountId).accountHash = accountHash
    this.enqueue({ kind: 'account-hash', accountId, accountHash })
  }

  /** Writes every recorded change now. Throws `ManifestError` when the file cannot be written. */
  flush(): Promise<void> {
    const run = this.flushChain.then(() => this.writeChanges())
    this.flushChain = run.catch(() => undefined)
    return run
  }

  /** Stops the throttle timer and writes what is left. */
  async close(): Promise<void> {
    if (this.flushTimer !== undefined) {
      clearTimeout(this.flushTimer)
      this.flushTimer = undefined
    }
    await this.flush()
  }

  private enqueue(operation: Operation): void {
    if (this.readOnly) return
    this.pending.push(operation)
    this.scheduleFlush()
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined) return

    // A large manifest takes a while to write: spacing writes by four times the last one's
    // duration keeps flushing under a fifth of the run's time.
    const interval = Math.max(this.flushIntervalMs, 4 * this.lastFlushDurationMs)
    const wait = Math.max(0, this.lastFlushStartedAt + interval - Date.now())
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined
      this.flush().catch((error: unknown) => {
        // The changes stay pending; the next flush, at the latest the final one, tries again.
        this.logger?.warn(`Could not write the manifest ${this.path} yet: ${(error as Error).message}`)
      })
    }, wait)
  }

  private warnOnce(message: string): void {
    if (this.warnedAboutFile) return
    this.warnedAboutFile = true
    this.logger?.warn(message)
  }

  /** Takes in what was read from disk: the merge base, plus warnings for a bad file. */
  private adoptDiskState(state: DiskState, signature: string | undefined): void {
    this.persistedSignature = signature

    if (state.kind === 'ok') {
      this.persisted = state.data
      if (state.droppedEntries > 0) {
        this.needsRewrite = true
        this.#loadIssue ??= { kind: 'dropped-entries', count: state.droppedEntries }
        const rewrite = this.readOnly ? '' : ' and the file will be rewritten'
        this.warnOnce(`Ignoring ${state.droppedEntries} invalid entries of the manifest ${this.path}; those images count as unknown${rewrite}.`)
      }
      return
    }

    this.persisted = new Map()
    if (state.kind === 'invalid') {
      this.needsRewrite = true
      this.#loadIssue ??= { kind: 'invalid', reason: state.reason }
      const rewrite = this.readOnly ? '' : ', and the file will be rewritten'
      this.warnOnce(`Ignoring the manifest ${this.path}: ${state.reason}. Every image counts as unknown for this run${rewrite}.`)
    } else if (state.kind === 'newer') {
      this.readOnly = true
      this.#loadIssue ??= { kind: 'newer-version', version: state.version }
      this.pending = []
      this.warnOnce(
        `Ignoring the manifest ${this.path}: it has format version ${state.version}, written by a newer vite-plugin-cloudflare-images. ` +
          'This run neither reads nor writes it; upgrade the plugin to use it.',
      )
    }
  }

  /** Adds entries that another process wrote to what lookups see, unless they were deleted here. */
  private adoptEntriesFrom(data: ManifestData): void {
    for (const [accountId, account] of data) {
      const target = accountOf(this.current, accountId)
      if (target.accountHash === undefined && account.accountHash !== undefined) target.accountHash = account.accountHash
      for (const [sha256, entry] of account.images) {
        if (!target.images.has(sha256) && !this.deletedKeys.has(`${accountId}/${sha256}`)) target.images.set(sha256, entry)
      }
    }
  }

  private async writeChanges(): Promise<void> {
    if (this.readOnly || (this.pending.length === 0 && !this.needsRewrite)) return

    this.lastFlushStartedAt = Date.now()
    const operations = this.pending
    this.pending = []

    let lock
    try {
      // The lock file lives next to the manifest, so the folder must exist first.
      await mkdir(dirname(this.path), { recursive: true })
      lock = await acquireLock(`${this.path}.lock`, this.lockOptions)
    } catch (error) {
      this.pending = operations.concat(this.pending)
      throw error
    }

    try {
      const signature = await fileSignature(this.path)
      if (this.persisted === undefined || signature !== this.persistedSignature) {
        this.adoptDiskState(await readDiskState(this.path), signature)
        if (this.readOnly) return
        this.adoptEntriesFrom(this.persisted as ManifestData)
      }

      const base = this.persisted as ManifestData
      const changed = applyOperations(base, operations)
      if (!changed && !this.needsRewrite && signature !== undefined) return

      await writeFileAtomic(this.path, encodeManifest(base))
      this.persistedSignature = await fileSignature(this.path)
      this.needsRewrite = false
      this.lastFlushDurationMs = Date.now() - this.lastFlushStartedAt
    } catch (error) {
      this.pending = operations.concat(this.pending)
      this.persisted = undefined
      throw new ManifestError('MANIFEST_WRITE_FAILED', this.path, `Could not write the manifest ${this.path}: ${(error as Error).message}.`, {
        cause: error,
      })
    } finally {
      await lock.release()
    }
  }
}
