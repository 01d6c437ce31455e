import { randomUUID } from 'node:crypto'
import { link, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises'
import { hostname } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Logger } from '../api/types.js'
import { ManifestError } from './errors.js'

export interface LockOptions {
  /**
   * A lock whose file was last touched longer ago than this is stale and is broken. The holder
   * touches the file every third of this time, so only a holder that stopped running its event
   * loop (or another machine's holder that died) leaves a lock this old. @default 30_000
   */
  staleMs?: number
  /** Give up waiting for a live lock after this long. @default 60_000 */
  timeoutMs?: number
  logger?: Logger
}

interface LockOwner {
  pid: number
  host: string
  token: string
}

/** A held lock; `release` removes the lock file if it is still this holder's. */
export interface HeldLock {
  release(): Promise<void>
}

const DEFAULT_STALE_MS = 30_000
const DEFAULT_TIMEOUT_MS = 60_000

/**
 * Margin for file systems that store mtime in whole seconds (or 2 s on FAT), so that a lock this
 * process wrote just after it started never looks older than the process.
 */
const MTIME_GRANULARITY_MS = 2_000

/** Wall-clock time at which this process started, the same in every worker thread. */
function processStartedAt(): number {
  return Date.now() - process.uptime() * 1000
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readOwner(lockPath: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(lockPath, 'utf8')) as Partial<LockOwner>
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.token === 'string') {
      return { pid: parsed.pid, host: parsed.host, token: parsed.token }
    }
  } catch {
    // Missing, or created but not written yet: the age check decides.
  }
  return undefined
}

async function lockModifiedAt(lockPath: string): Promise<number | undefined> {
  try {
    return (await stat(lockPath)).mtimeMs
  } catch {
    return undefined
  }
}

/**
 * Returns why a lock is stale, or undefined while it is live. A lock is stale when its holder on
 * this machine is not running, or when the holder has not touched it for `staleMs`. The holder's
 * pid counts only on the machine that wrote it, and a lock with this process's own pid is stale
 * when it is older than this process: a restarted container reuses pids.
 */
async function staleReason(lockPath: string, owner: LockOwner | undefined, staleMs: number): Promise<string | undefined> {
  const modifiedAt = await lockModifiedAt(lockPath)
  if (owner && owner.host === hostname()) {
    if (owner.pid !== process.pid && !isProcessAlive(owner.pid)) {
      return `process ${owner.pid} that held it is no longer running`
    }
    if (owner.pid === process.pid && modifiedAt !== undefined && modifiedAt < processStartedAt() - MTIME_GRANULARITY_MS) {
      return `it carries this process's pid ${owner.pid} but was written before this process started`
    }
  }

  const age = modifiedAt === undefined ? undefined : Date.now() - modifiedAt
  if (age !== undefined && age > staleMs) {
    return `its holder has not refreshed it for ${Math.round(age / 1000)} s, over the ${Math.round(staleMs / 1000)} s limit`
  }
  return undefined
}

/** Touches the lock file every third of `staleMs` until stopped, so waiting processes see that the holder is alive. */
function keepFresh(lockPath: string, staleMs: number): () => void {
  const timer = setInterval(() => {
    const now = new Date()
    // A failed touch only makes the lock look older; the holder still owns it.
    utimes(lockPath, now, now).catch(() => undefined)
  }, Math.max(1, Math.floor(staleMs / 3)))
  timer.unref()
  return () => clearInterval(timer)
}

/**
 * Removes a stale lock without removing a fresh one that another process created meanwhile:
 * the lock is renamed aside first and only deleted if it is still the stale one.
 */
async function breakStaleLock(lockPath: string, stale: LockOwner | undefined): Promise<void> {
  const aside = `${lockPath}.${process.pid}.${randomUUID()}.stale`
  try {
    await rename(lockPath, aside)
  } catch {
    // Someone else broke or released it first.
    return
  }

  const moved = await readOwner(aside)
  const sameLock = stale === undefined ? moved === undefined : moved?.token === stale.token
  if (!sameLock) {
    // NOTE: a fresh lock was moved aside by mistake. Linking it back fails if a third process
    // took the lock meanwhile, which needs three writers at once.
    await link(aside, lockPath).catch(() => undefined)
  }
  await unlink(aside).catch(() => undefined)
}

/**
 * Takes an exclusive lock by creating `lockPath` with O_EXCL, and touches it every third of
 * `staleMs` until it is released. Waits while another live holder has it, and breaks it with a
 * warning when it is stale (see `staleReason`). Throws `ManifestError` with code
 * `MANIFEST_LOCK_TIMEOUT` when a live holder keeps it for longer than `timeoutMs`.
 */
export async function acquireLock(lockPath: string, options: LockOptions = {}): Promise<HeldLock> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomUUID() }
  const started = Date.now()
  let waitMs = 2

  for (;;) {
    try {
      const handle = await open(lockPath, 'wx')
      try {
        await handle.writeFile(JSON.stringify(owner))
      } finally {
        await handle.close()
      }
      const stopRefreshing = keepFresh(lockPath, staleMs)
      return {
        release: () => {
          stopRefreshing()
          return releaseLock(lockPath, owner.token)
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new ManifestError('MANIFEST_WRITE_FAILED', lockPath, `Could not create the manifest lock ${lockPath}: ${(error as Error).message}.`, {
          cause: error,
        })
      }
    }

    const holder = await readOwner(lockPath)
    const reason = await staleReason(lockPath, holder, staleMs)
    if (reason !== undefined) {
      options.logger?.warn(`Breaking the stale manifest lock ${lockPath}: ${reason}.`)
      await breakStaleLock(lockPath, holder)
      continue
    }

    if (Date.now() - started > timeoutMs) {
      const who = holder ? `process ${holder.pid} on ${holder.host}` : 'another process'
      throw new ManifestError(
        'MANIFEST_LOCK_TIMEOUT',
        lockPath,
        `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for the manifest lock ${lockPath}, held by ${who}. ` +
          'If no other build is running, delete the lock file.',
      )
    }

    // Randomised, growing waits keep two waiting processes from polling in step.
    await sleep(waitMs + Math.random() * waitMs)
    waitMs = Math.min(waitMs * 2, 50)
  }
}

async function releaseLock(lockPath: string, token: string): Promise<void> {
  const current = await readOwner(lockPath)
  if (current?.token !== token) return
  await unlink(lockPath).catch(() => undefined)
}
