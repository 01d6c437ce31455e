import pLimit from 'p-limit'
import type { Logger } from '../api/types.js'
import type { ImageFormat, ImageSource, Limits } from './types.js'
import { asError, errorCodeOf } from './api-failure.js'
import { DEFAULT_ID_PREFIX, validateIdPrefix } from './content-id.js'
import type { UploadFailure } from './errors.js'
import { resolveLimits } from './limits.js'
import { Manifest } from './manifest.js'
import { inspectImage } from './preflight.js'
import { groupByContent } from './source-hashing.js'
import { LOCAL_CONCURRENCY } from './uploader-options.js'

export interface PlanOptions {
  accountId: string
  manifestPath: string
  /** A manifest the caller already loaded; it is only read. */
  manifest?: Manifest
  /** @default DEFAULT_ID_PREFIX ('img/') */
  idPrefix?: string
  limits?: Partial<Limits>
  logger?: Logger
}

export interface PlannedImage {
  name: string
  sha256: string
  id: string
  bytes: number
  format: ImageFormat
}

/** The dry run of `uploadImages`. */
export interface UploadPlan {
  /** Sources given. */
  total: number
  /** Distinct contents among them, unreadable files included. */
  unique: number
  /** Contents the manifest records under the expected ID: no request needed. */
  known: number
  /** Contents the manifest lacks that pass preflight. A real run may still find some on the account. */
  toUpload: PlannedImage[]
  bytesToUpload: number
  /** Contents that would fail before any request: unreadable files and preflight rejections. */
  failures: UploadFailure[]
}

function failureOf(file: string, error: unknown, sha256?: string, id?: string): UploadFailure {
  const failure: UploadFailure = { file, error: asError(error), cloudflareCodes: [] }
  const code = errorCodeOf(error)
  if (code !== undefined) failure.code = code
  if (sha256 !== undefined) failure.sha256 = sha256
  if (id !== undefined) failure.id = id
  return failure
}

/** Computes what `uploadImages` would do, without sending a request or writing a file. */
export async function planUploads(sources: readonly ImageSource[], options: PlanOptions): Promise<UploadPlan> {
  const idPrefix = validateIdPrefix(options.idPrefix ?? DEFAULT_ID_PREFIX)
  const limits = resolveLimits(options.limits)
  const manifest = options.manifest ?? (await Manifest.load(options.manifestPath, { readOnly: true, ...(options.logger ? { logger: options.logger } : {}) }))

  const grouped = await groupByContent(sources, idPrefix, LOCAL_CONCURRENCY)
  const failures = grouped.failures.map(({ source, error }) => failureOf(source.name, error))

  let known = 0
  const unknown = [...grouped.groups.values()].filter((group) => {
    const isKnown = manifest.get(options.accountId, group.sha256)?.id === group.id
    if (isKnown) known += 1
    return !isKnown
  })

  const limit = pLimit(LOCAL_CONCURRENCY)
  const inspected = await Promise.all(
    unknown.map((group) =>
      limit(async (): Promise<PlannedImage | undefined> => {
        try {
          const info = await inspectImage(group.first, limits)
          return { name: group.first.name, sha256: group.sha256, id: group.id, bytes: info.bytes, format: info.format }
        } catch (error) {
          failures.push(failureOf(group.first.name, error, group.sha256, group.id))
          return undefined
        }
      }),
    ),
  )

  const toUpload = inspected.filter((image): image is PlannedImage => image !== undefined)
  return {
    total: sources.length,
    unique: grouped.groups.size + grouped.failures.length,
    known,
    toUpload,
    bytesToUpload: toUpload.reduce((sum, image) => sum + image.bytes, 0),
    failures,
  }
}
