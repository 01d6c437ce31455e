// The `generateBundle` step: upload the images this output references, put the real IDs in place
// of the emitted-file placeholders, and drop local copies that nothing names any more.
import path from 'node:path'
import type { NormalizedOutputOptions, OutputAsset, OutputBundle, PluginContext } from 'rollup'
import type { Logger } from '../api/types.js'
import { contentId, sha256Bytes, uploadImages, UploadFailedError } from '../core/index.js'
import type { ImageSource, UploadSummary } from '../core/types.js'
import type { BuildState } from './build-state.js'
import { replaceIds } from './file-url-placeholders.js'
import type { ResolvedRollupOptions } from './options.js'

/** Stable codes of the errors this plugin raises through `this.error`. */
export const ROLLUP_ERROR_CODES = {
  uploadFailed: 'CF_IMAGES_UPLOAD_FAILED',
  emittedFileMissing: 'CF_IMAGES_EMITTED_FILE_MISSING',
  missingCredentials: 'CF_IMAGES_MISSING_CREDENTIALS',
  accountHash: 'CF_IMAGES_ACCOUNT_HASH_UNKNOWN',
  invalidVariant: 'CF_IMAGES_INVALID_VARIANT',
} as const

interface EmittedImage {
  fileName: string
  placeholderId: string
  source: ImageSource & { sha256: string }
}

/** Creates a logger for the core that reports through the plugin context, so Rollup prefixes the plugin name. */
export function contextLogger(context: PluginContext): Logger {
  return {
    info: (message) => context.info(message),
    warn: (message) => context.warn(message),
    error: (message) => context.warn(message),
    debug: (message) => context.debug(message),
  }
}

function sourceBytes(asset: OutputAsset): Uint8Array {
  return typeof asset.source === 'string' ? Buffer.from(asset.source, 'utf8') : asset.source
}

/** Imported images whose modules made it into one of this output's chunks (tree-shaken ones did not). */
function importedImagesIn(bundle: OutputBundle, state: BuildState): ImageSource[] {
  const sources: ImageSource[] = []
  for (const output of Object.values(bundle)) {
    if (output.type !== 'chunk') continue
    for (const moduleId of output.moduleIds) {
      const image = state.imported.get(moduleId)
      if (image) sources.push({ name: image.name, path: image.path, sha256: image.sha256 })
    }
  }
  return sources
}

/** Emitted image files whose placeholder URL occurs in this output's chunks. */
function emittedImagesIn(context: PluginContext, bundle: OutputBundle, state: BuildState): EmittedImage[] {
  const byFileName = new Map<string, EmittedImage>()
  for (const output of Object.values(bundle)) {
    if (output.type !== 'chunk') continue

    for (const { placeholderId, fileName } of state.placeholders.findIn(output.code)) {
      if (byFileName.has(fileName)) continue
      const asset = bundle[fileName]
      if (asset?.type !== 'asset') {
        return context.error({
          code: ROLLUP_ERROR_CODES.emittedFileMissing,
          message: `The emitted image ${fileName}, referenced from ${output.fileName} through import.meta.ROLLUP_FILE_URL_, is no longer in the bundle, so it cannot be uploaded: another plugin removed it in generateBundle. Keep the file in the bundle, or exclude it from this plugin.`,
        })
      }
      const bytes = sourceBytes(asset)
      byFileName.set(fileName, { fileName, placeholderId, source: { name: fileName, bytes, sha256: sha256Bytes(bytes) } })
    }
  }
  return [...byFileName.values()]
}

/** Returns the text of a chunk or text asset, or undefined for a binary asset. */
function outputText(output: OutputBundle[string]): string | undefined {
  if (output.type === 'chunk') return output.code
  return typeof output.source === 'string' ? output.source : undefined
}

/** Returns the file that still names `fileName` (by its base name), other than sourcemaps. */
function fileNaming(bundle: OutputBundle, fileName: string): string | undefined {
  const baseName = path.posix.basename(fileName)
  for (const output of Object.values(bundle)) {
    if (output.fileName === fileName || output.fileName.endsWith('.map')) continue
    if (outputText(output)?.includes(baseName)) return output.fileName
  }
  return undefined
}

function formatSummary(summary: UploadSummary): string {
  const parts = [
    `${summary.unique} image${summary.unique === 1 ? '' : 's'}`,
    `${summary.uploaded} uploaded (${(summary.uploadedBytes / 1000).toFixed(1)} kB)`,
    `${summary.known} cached`,
  ]
  if (summary.alreadyPresent > 0) parts.push(`${summary.alreadyPresent} already in the account`)
  if (summary.failed > 0) parts.push(`${summary.failed} failed`)
  return `${parts.join(', ')} in ${(summary.durationMs / 1000).toFixed(1)} s`
}

export async function uploadBundleImages(
  context: PluginContext,
  _outputOptions: NormalizedOutputOptions,
  bundle: OutputBundle,
  state: BuildState,
  options: ResolvedRollupOptions,
): Promise<void> {
  if (!state.rewriting || state.api === undefined) return

  const emitted = emittedImagesIn(context, bundle, state)
  const sources = [...importedImagesIn(bundle, state), ...emitted.map((image) => image.source)]
  if (sources.length === 0) return

  try {
    const { summary } = await uploadImages(sources, {
      api: state.api,
      accountId: state.accountId,
      manifestPath: state.manifestPath,
      idPrefix: options.idPrefix,
      concurrency: options.concurrency,
      limits: options.limits,
      logger: contextLogger(context),
    })
    context.info(formatSummary(summary))
  } catch (error) {
    if (error instanceof UploadFailedError) {
      return context.error({ code: ROLLUP_ERROR_CODES.uploadFailed, message: error.message, cause: error })
    }
    throw error
  }

  // Every upload is confirmed, so the URLs may now name the real IDs.
  const replacements = new Map(emitted.map((image) => [image.placeholderId, contentId(image.source.sha256, options.idPrefix)]))
  for (const output of Object.values(bundle)) {
    if (output.type === 'chunk') {
      output.code = replaceIds(output.code, replacements)
    } else if (typeof output.source === 'string' && !output.fileName.endsWith('.map')) {
      output.source = replaceIds(output.source, replacements)
    }
  }

  for (const { fileName } of emitted) {
    const namedIn = fileNaming(bundle, fileName)
    if (namedIn === undefined) {
      delete bundle[fileName]
    } else {
      context.warn(`Kept the local copy of ${fileName} next to its Cloudflare upload, because ${namedIn} still names it.`)
    }
  }
}
