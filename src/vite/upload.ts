import type { ImagesApi, Logger } from '../api/types.js'
import { discoverAccountHash, type ImageSource, Manifest, type UploadSummary, uploadImages } from '../core/index.js'
import type { BuildState } from './build-state.js'
import type { ResolvedOptions } from './options.js'
import { createProgressReporter, type ProgressTerminal } from './progress.js'

/**
 * Resolves the account hash: the option (or its environment variable), else the manifest, else
 * one list request. A discovered hash is stored in the manifest, so the next build makes no request.
 */
export async function resolveAccountHash(
  api: ImagesApi,
  options: ResolvedOptions,
  manifestPath: string,
  logger: Logger,
): Promise<string> {
  if (options.accountHash !== undefined) return options.accountHash

  const manifest = await Manifest.load(manifestPath, { logger })
  try {
    const known = manifest.accountHash(options.accountId!)
    if (known !== undefined) return known

    const discovered = await discoverAccountHash(api)
    manifest.setAccountHash(options.accountId!, discovered)
    return discovered
  } finally {
    await manifest.close()
  }
}

/**
 * Uploads every referenced image that this build has not confirmed yet, and marks the confirmed
 * ones in `state.uploaded`. Images another output of the same build is uploading are awaited, not
 * sent again. Throws the core's `UploadFailedError` when any upload failed. The manifest keeps
 * every upload that was confirmed before. Returns undefined when there was nothing to upload.
 */
export async function uploadReferencedImages(
  state: BuildState,
  api: ImagesApi,
  options: ResolvedOptions,
  manifestPath: string,
  logger: Logger,
  terminal: ProgressTerminal | undefined,
): Promise<UploadSummary | undefined> {
  const sources: ImageSource[] = []
  const othersInFlight: Array<Promise<unknown>> = []
  for (const sha256 of state.referenced) {
    if (state.uploaded.has(sha256)) continue

    const inFlight = state.inFlight.get(sha256)
    if (inFlight !== undefined) {
      othersInFlight.push(inFlight)
      continue
    }

    const image = state.images.get(sha256)
    if (image === undefined) continue
    sources.push({ name: image.name, bytes: image.bytes, sha256 })
  }

  if (sources.length === 0) {
    await Promise.all(othersInFlight)
    return undefined
  }

  const upload = uploadImages(sources, {
    api,
    accountId: options.accountId!,
    manifestPath,
    idPrefix: options.idPrefix,
    concurrency: options.concurrency,
    limits: options.limits,
    logger,
    onProgress: createProgressReporter(logger, terminal),
  })
  for (const source of sources) state.inFlight.set(source.sha256!, upload)

  try {
    const result = await upload
    for (const image of result.images) state.uploaded.add(image.sha256)
    await Promise.all(othersInFlight)
    return result.summary
  } finally {
    for (const source of sources) state.inFlight.delete(source.sha256!)
  }
}
