import pLimit from 'p-limit'
import type { CloudflareImage, ImagesApi, Logger } from '../api/types.js'
import type { ImageInfo, ImageSource, ManifestEntry, ProgressEvent, UploadedImage, UploaderOptions, UploadResult, UploadSummary } from './types.js'
import { accountHashFromImage } from './account-hash.js'
import { asError, cloudflareCodesOf, errorCodeOf } from './api-failure.js'
import { PreflightError, UploadFailedError, type UploadFailure } from './errors.js'
import { Manifest } from './manifest.js'
import { parseOwnMetadata } from './metadata.js'
import { portableName } from './portable-name.js'
import { inspectImage } from './preflight.js'
import { listAccountImages } from './remote-index.js'
import { type ContentGroup, groupByContent } from './source-hashing.js'
import { checkSameContent, type RequestCounter, uploadContent } from './upload-one.js'
import { formatUploadFailures } from './upload-report.js'
import { LOCAL_CONCURRENCY, type ResolvedUploaderOptions, resolveUploaderOptions } from './uploader-options.js'

interface PlannedUpload {
  group: ContentGroup
  info: ImageInfo
}

/** One call of `uploadImages`: its counters, the entries it confirmed and its failures. */
class UploadRun {
  readonly entries = new Map<string, ManifestEntry>()
  readonly failures: UploadFailure[] = []
  readonly counter: RequestCounter = { requests: 0 }
  known = 0
  uploaded = 0
  uploadedBytes = 0
  alreadyPresent = 0

  constructor(
    readonly options: ResolvedUploaderOptions,
    readonly api: ImagesApi,
    readonly manifest: Manifest,
    readonly logger: Logger | undefined,
    private readonly onProgress: ((event: ProgressEvent) => void) | undefined,
  ) {}

  emit(event: ProgressEvent): void {
    try {
      this.onProgress?.(event)
    } catch (error) {
      this.logger?.warn(`The onProgress callback threw on a ${event.type} event: ${asError(error).message}`)
    }
  }

  record(group: ContentGroup, entry: ManifestEntry, image?: CloudflareImage): void {
    this.entries.set(group.sha256, entry)
    this.manifest.set(this.options.accountId, group.sha256, entry)

    const accountHash = image ? accountHashFromImage(image) : undefined
    if (accountHash !== undefined) this.manifest.setAccountHash(this.options.accountId, accountHash)
  }

  fail(group: ContentGroup | undefined, file: string, error: unknown): UploadFailure {
    const failure: UploadFailure = { file, error: asError(error), cloudflareCodes: cloudflareCodesOf(error) }
    const code = errorCodeOf(error)
    if (code !== undefined) failure.code = code
    if (group) {
      failure.sha256 = group.sha256
      failure.id = group.id
    }
    this.failures.push(failure)
    return failure
  }
}

function entryFor(group: ContentGroup, info: ImageInfo, uploaded: string | undefined): ManifestEntry {
  return {
    id: group.id,
    bytes: info.bytes,
    width: info.width,
    height: info.height,
    format: info.format,
    file: portableName(group.first.name),
    uploaded: uploaded ?? new Date().toISOString(),
  }
}

/** Reads the size and format of a listed image from this tool's metadata; undefined unless all are there. */
function infoFromMetadata(image: CloudflareImage): ImageInfo | undefined {
  const own = parseOwnMetadata(image.meta)
  if (own?.bytes === undefined || own.width === undefined || own.height === undefined || own.format === undefined) return undefined
  return { format: own.format, bytes: own.bytes, width: own.width, height: own.height }
}

/**
 * With an empty manifest and many unknown images, lists the account once and records every
 * image found there, so a lost manifest costs ceil(account images / 10,000) list requests
 * instead of a request per image. Returns the groups still unknown.
 */
async function recordListedImages(run: UploadRun, unknown: ContentGroup[]): Promise<ContentGroup[]> {
  const { listThreshold, accountId, limits } = run.options
  if (listThreshold === false || unknown.length === 0 || unknown.length < listThreshold) return unknown
  if (run.manifest.images(accountId).size > 0) return unknown

  let byId: Map<string, CloudflareImage>
  try {
    const index = await listAccountImages(run.api)
    run.counter.requests += index.requests
    byId = index.byId
  } catch (error) {
    run.logger?.warn(`Could not list the account's images to rebuild the manifest (${asError(error).message}); checking each image on upload instead.`)
    return unknown
  }

  const stillUnknown: ContentGroup[] = []
  const limit = pLimit(LOCAL_CONCURRENCY)
  await Promise.all(
    unknown.map((group) =>
      limit(async () => {
        const image = byId.get(group.id)
        if (!image) {
          stillUnknown.push(group)
          return
        }
        try {
          checkSameContent(image, group.id, group.sha256)
          const info = infoFromMetadata(image) ?? (await inspectImage(group.first, limits))
          run.record(group, entryFor(group, info, image.uploaded), image)
          run.alreadyPresent += 1
        } catch (error) {
          run.fail(group, group.first.name, error)
        }
      }),
    ),
  )

  // Keep the order of first appearance, which the parallel checks above lose.
  const order = new Map(unknown.map((group, index) => [group.sha256, index]))
  return stillUnknown.sort((a, b) => (order.get(a.sha256) ?? 0) - (order.get(b.sha256) ?? 0))
}

async function preflightAll(run: UploadRun, groups: ContentGroup[]): Promise<PlannedUpload[]> {
  const limit = pLimit(LOCAL_CONCURRENCY)
  const results = await Promise.all(
    groups.map((group) =>
      limit(async () => {
        try {
          return { group, info: await inspectImage(group.first, run.options.limits) }
        } catch (error) {
          run.fail(group, group.first.name, error)
          return undefined
        }
      }),
    ),
  )
  return results.filter((planned): planned is PlannedUpload => planned !== undefined)
}

/** Chooses the batch-host client for large jobs, or the normal client when no batch token can be had. */
async function chooseUploadApi(run: UploadRun, uploads: number): Promise<ImagesApi> {
  const { batchThreshold } = run.options
  if (batchThreshold === false || uploads <= batchThreshold) return run.api

  try {
    run.counter.requests += 1
    return await run.api.withBatchToken()
  } catch (error) {
    run.logger?.warn(
      `Could not get a batch token (${asError(error).message}); uploading ${uploads} images through the normal API, ` +
        'which counts toward the account limit of 1200 requests per 5 minutes.',
    )
    return run.api
  }
}

async function uploadAll(run: UploadRun, planned: PlannedUpload[]): Promise<void> {
  const uploadApi = await chooseUploadApi(run, planned.length)
  const limit = pLimit(run.options.concurrency)
  const toUpload = planned.length
  let done = 0

  await Promise.all(
    planned.map(({ group, info }) =>
      limit(async () => {
        const name = group.first.name
        try {
          const upload = { id: group.id, sha256: group.sha256, source: group.first, info, maxMetadataBytes: run.options.limits.maxMetadataBytes }
          const outcome = await uploadContent(run.api, uploadApi, upload, run.counter)
          run.record(group, entryFor(group, info, outcome.image.uploaded), outcome.image)
          done += 1

          if (outcome.kind === 'uploaded') {
            run.uploaded += 1
            run.uploadedBytes += info.bytes
            run.emit({ type: 'uploaded', name, id: group.id, bytes: info.bytes, done, toUpload })
          } else {
            run.alreadyPresent += 1
            run.emit({ type: 'already-present', name, id: group.id, done, toUpload })
          }
        } catch (error) {
          const failure = run.fail(group, name, error)
          done += 1
          run.emit({ type: 'failed', name, error: failure.error, done, toUpload })
        }
      }),
    ),
  )
}

/**
 * Puts every source on Cloudflare Images under its content ID and records each confirmed upload
 * in the manifest as it finishes.
 *
 * Sources are hashed (each path once) and grouped by content. Contents the manifest has under
 * the expected ID cost nothing. With an empty manifest and at least `listThreshold` unknown
 * contents, one listing of the account finds those already uploaded. The rest pass preflight
 * and are uploaded, at most `concurrency` at a time, through the batch API when there are more
 * than `batchThreshold`. Every image is attempted. If any failed, the promise rejects with
 * `UploadFailedError` listing each failed file, after the manifest has stored every success.
 */
export async function uploadImages(sources: readonly ImageSource[], options: UploaderOptions): Promise<UploadResult> {
  const startedAt = Date.now()
  const resolved = resolveUploaderOptions(options)
  const manifest = options.manifest ?? (await Manifest.load(resolved.manifestPath, { flushIntervalMs: resolved.flushIntervalMs, ...(options.logger ? { logger: options.logger } : {}) }))
  const run = new UploadRun(resolved, options.api, manifest, options.logger, options.onProgress)

  const retriesBefore = options.retryTracker?.count ?? 0
  const unsubscribe = options.retryTracker?.subscribe((event) =>
    run.emit({ type: 'retry', attempt: event.attempt, reason: event.reason, delayMs: event.delayMs }),
  )

  let grouped
  try {
    grouped = await groupByContent(sources, resolved.idPrefix, LOCAL_CONCURRENCY)
    for (const { source, error } of grouped.failures) {
      run.fail(undefined, source.name, unreadable(source.name, error))
    }

    const unknown: ContentGroup[] = []
    for (const group of grouped.groups.values()) {
      const entry = manifest.get(resolved.accountId, group.sha256)
      if (entry?.id === group.id) {
        run.entries.set(group.sha256, entry)
        run.known += 1
      } else {
        unknown.push(group)
      }
    }

    const notListed = await recordListedImages(run, unknown)
    const planned = await preflightAll(run, notListed)
    run.emit({
      type: 'planned',
      total: sources.length,
      unique: grouped.groups.size,
      known: run.known,
      toUpload: planned.length,
      bytesToUpload: planned.reduce((sum, { info }) => sum + info.bytes, 0),
    })

    await uploadAll(run, planned)
  } finally {
    unsubscribe?.()
    if (options.manifest) {
      await manifest.flush()
    } else {
      await manifest.close()
    }
  }

  const summary: UploadSummary = {
    seen: sources.length,
    unique: grouped.groups.size + grouped.failures.length,
    known: run.known,
    uploaded: run.uploaded,
    uploadedBytes: run.uploadedBytes,
    alreadyPresent: run.alreadyPresent,
    retried: (options.retryTracker?.count ?? 0) - retriesBefore,
    failed: run.failures.length,
    requests: run.counter.requests,
    durationMs: Date.now() - startedAt,
  }

  const images: UploadedImage[] = []
  sources.forEach((source, index) => {
    const sha256 = grouped.sha256BySource[index]
    const entry = sha256 === undefined ? undefined : run.entries.get(sha256)
    if (sha256 !== undefined && entry) images.push({ source, sha256, entry })
  })

  if (run.failures.length > 0) {
    const message = formatUploadFailures(run.failures, summary.unique, summary.unique - summary.failed)
    throw new UploadFailedError(message, run.failures, summary, images)
  }
  return { summary, images }
}

function unreadable(name: string, error: Error): Error {
  if (error instanceof TypeError) return error
  const reason = (error as NodeJS.ErrnoException).code ?? error.message
  return new PreflightError('PREFLIGHT_UNREADABLE', name, `${name}: the image file could not be read (${reason}). Check that it exists and is readable.`, {
    cause: error,
  })
}
