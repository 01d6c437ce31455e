import path from 'node:path'
import { sha256Bytes } from '../core/index.js'
import { type AssetFileNames, type PreRenderedAssetInfo, patternFor, resolveImageFileName } from './asset-names.js'
import type { BuildState } from './build-state.js'
import { spriteWarning } from './svg-sprites.js'

export interface AssetFileNamesSettings {
  /** Vite's `root`, absolute. */
  root: string
  isEligible: (absolutePath: string) => boolean
  warn: (message: string) => void
}

/**
 * Wraps an output's `assetFileNames` so that every eligible image gets a literal,
 * content-derived name recorded in `state.shaByOutputName` (see asset-names.ts for why), and its
 * bytes in `state.images`. Every other asset keeps the user's pattern, or Vite's default.
 *
 * Keeping the bytes here also covers SSR builds: Vite's asset plugin deletes emitted assets from
 * an SSR bundle in `generateBundle`, but the upload still needs the bytes of images only the
 * server code references.
 */
export function wrapAssetFileNames(
  original: AssetFileNames | undefined,
  state: BuildState,
  settings: AssetFileNamesSettings,
): (info: PreRenderedAssetInfo) => string {
  return (info) => {
    const pattern = patternFor(original, info)
    if (!state.rewriting) return pattern

    const sources = originalFilesOf(info)
    const absolute = sources.map((file) => path.resolve(settings.root, file))
    // Identical bytes from several files are one asset: upload it only when every file may go.
    if (absolute.length === 0 || !absolute.every(settings.isEligible)) return pattern
    const sprite = absolute.find((file) => state.svgSprites.has(file))
    if (sprite !== undefined) {
      warnSpriteOnce(state, settings, sources[absolute.indexOf(sprite)]!)
      return pattern
    }

    const bytes = typeof info.source === 'string' ? new TextEncoder().encode(info.source) : info.source
    const sha256 = sha256Bytes(bytes)
    const assetName = info.names?.[0] ?? info.name ?? path.posix.basename(sources[0]!)

    const fileName = uniqueFileName(state, pattern, assetName, sha256)
    if (fileName === undefined) return pattern

    state.shaByOutputName.set(fileName, sha256)
    state.addImage({ sha256, name: sources[0]!, bytes })
    return fileName
  }
}

function warnSpriteOnce(state: BuildState, settings: AssetFileNamesSettings, file: string): void {
  const message = spriteWarning(file)
  if (state.warned.has(message)) return
  state.warned.add(message)
  settings.warn(message)
}

function originalFilesOf(info: PreRenderedAssetInfo): string[] {
  if (info.originalFileNames !== undefined && info.originalFileNames.length > 0) return [...new Set(info.originalFileNames)]
  return info.originalFileName ? [info.originalFileName] : []
}

function uniqueFileName(state: BuildState, pattern: string, assetName: string, sha256: string): string | undefined {
  const digest = Buffer.from(sha256, 'hex').toString('base64url')
  const fileName = resolveImageFileName(pattern, assetName, digest)
  const owner = fileName === undefined ? undefined : state.shaByOutputName.get(fileName)
  if (owner === undefined || owner === sha256) return fileName

  // Two contents whose short digests collide under the same name: fall back to the whole digest.
  return resolveImageFileName(pattern.replace(/\[hash(?::\d+)?\]/g, '[hash:43]'), assetName, digest)
}
