// Pruning: finding and deleting the images this tool uploaded that the manifest no longer
// references. Only images whose metadata carries this tool's key are ever candidates, so images
// uploaded by other tools or by hand are never touched.
import pLimit from 'p-limit'
import type { CloudflareImage, ImagesApi } from '../api/types.js'
import { parseOwnMetadata } from './metadata.js'

/** Age below which an unreferenced image is kept, in days, unless the caller sets another. */
export const DEFAULT_PRUNE_MIN_AGE_DAYS = 30

/** Deletions in flight at once. */
export const DEFAULT_PRUNE_CONCURRENCY = 4

const DAY_MS = 24 * 60 * 60 * 1000

/** An image that `planPrune` would delete. */
export interface PruneCandidate {
  id: string
  sha256: string
  /** Original file name from the image's metadata. */
  file: string
  /** ISO-8601 upload time from the account. */
  uploaded: string
}

export interface PrunePlan {
  /** Images to delete, oldest first. */
  candidates: PruneCandidate[]
  /** Images listed from the account. */
  listed: number
  /** Listed images without this tool's metadata: never deleted. */
  foreign: number
  /** This tool's images that the manifest references. */
  referenced: number
  /** This tool's unreferenced images younger than the age limit, or with no valid upload time. */
  tooRecent: number
  /** This tool's unreferenced images outside `idPrefix`, when one was given. */
  otherPrefix: number
  /** List requests made. */
  requests: number
}

export interface PlanPruneOptions {
  api: ImagesApi
  /** IDs of the images the manifest references for this account. */
  referencedIds: ReadonlySet<string>
  /** Only images at least this many days old are candidates. @default 30 */
  minAgeDays?: number
  /** Only IDs that start with this prefix are candidates. @default every ID */
  idPrefix?: string
  /** Current time, in milliseconds since the epoch. @default Date.now() */
  now?: number
}

/**
 * Lists the account (10,000 images per request) and returns the images this tool uploaded that
 * are not in `referencedIds` and were uploaded at least `minAgeDays` ago. Sends no delete.
 */
export async function planPrune(options: PlanPruneOptions): Promise<PrunePlan> {
  const minAgeDays = options.minAgeDays ?? DEFAULT_PRUNE_MIN_AGE_DAYS
  if (!Number.isFinite(minAgeDays) || minAgeDays < 0) {
    throw new TypeError(`Invalid minAgeDays ${minAgeDays}: expected a number of days, 0 or more.`)
  }
  const cutoff = (options.now ?? Date.now()) - minAgeDays * DAY_MS

  const plan: PrunePlan = { candidates: [], listed: 0, foreign: 0, referenced: 0, tooRecent: 0, otherPrefix: 0, requests: 0 }
  for await (const page of options.api.list({ perPage: 10_000 })) {
    plan.requests += 1
    for (const image of page) {
      plan.listed += 1
      classify(image, options, cutoff, plan)
    }
  }

  plan.candidates.sort((a, b) => a.uploaded.localeCompare(b.uploaded) || a.id.localeCompare(b.id))
  return plan
}

function classify(image: CloudflareImage, options: PlanPruneOptions, cutoff: number, plan: PrunePlan): void {
  const own = parseOwnMetadata(image.meta)
  if (own === undefined) {
    plan.foreign += 1
    return
  }
  if (options.referencedIds.has(image.id)) {
    plan.referenced += 1
    return
  }
  if (options.idPrefix !== undefined && !image.id.startsWith(options.idPrefix)) {
    plan.otherPrefix += 1
    return
  }

  // An upload time that does not parse is treated as recent: deleting needs a proven age.
  const uploadedAt = Date.parse(image.uploaded)
  if (Number.isNaN(uploadedAt) || uploadedAt > cutoff) {
    plan.tooRecent += 1
    return
  }
  plan.candidates.push({ id: image.id, sha256: own.sha256, file: own.file, uploaded: image.uploaded })
}

export interface PruneFailure {
  id: string
  error: Error
}

export interface ApplyPruneOptions {
  api: ImagesApi
  candidates: readonly PruneCandidate[]
  /** @default 4 */
  concurrency?: number
  /** Called after each confirmed deletion. */
  onDeleted?: (candidate: PruneCandidate) => void
}

/**
 * Deletes the candidates. An image that is already gone (404) counts as deleted. Every candidate
 * is attempted; failures are returned, not thrown.
 */
export async function applyPrune(options: ApplyPruneOptions): Promise<{ deleted: PruneCandidate[]; failures: PruneFailure[] }> {
  const limit = pLimit(options.concurrency ?? DEFAULT_PRUNE_CONCURRENCY)
  const deleted: PruneCandidate[] = []
  const failures: PruneFailure[] = []

  await Promise.all(
    options.candidates.map((candidate) =>
      limit(async () => {
        try {
          await options.api.delete(candidate.id)
        } catch (error) {
          if (!isNotFound(error)) {
            failures.push({ id: candidate.id, error: error as Error })
            return
          }
        }
        deleted.push(candidate)
        options.onDeleted?.(candidate)
      }),
    ),
  )
  return { deleted, failures }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'CF_IMAGES_NOT_FOUND'
}
