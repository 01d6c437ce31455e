import path from 'node:path'
import { createFilter } from '@rollup/pluginutils'
import { buildDeliveryUrl, contentId, sha256Bytes } from '../core/index.js'
import type { BuildState } from './build-state.js'
import { isAcceptedImage, isSvg, queryAndHash, stripQueryAndHash } from './formats.js'
import type { ResolvedOptions } from './options.js'
import { findPublicFile, readPublicFile } from './public-files.js'
import type { ImageUrlRenderer } from './render-built-url.js'
import { spriteWarning } from './svg-sprites.js'
import { parseVariant, variantFromQuery } from './variant.js'

export interface ImageUrlSettings {
  options: ResolvedOptions
  /** Vite's `root`, absolute. */
  root: string
  /** Vite's `publicDir`, absolute, or undefined when it is turned off. */
  publicDir: string | undefined
  /** Whether a source file goes to Cloudflare, from `createImageFilter`. */
  isEligible: (absolutePath: string) => boolean
  warn: (message: string) => void
}

/**
 * Creates the check of whether a source file goes to Cloudflare: an accepted format that passes
 * `include` and `exclude`. A relative glob (`src/img/**`, `./src/img/**`) is resolved against
 * `root`, Vite's root, and a glob starting with `**` or `/` and every RegExp are used as given.
 */
export function createImageFilter(options: ResolvedOptions, root: string): (absolutePath: string) => boolean {
  const filter = createFilter(options.include, options.exclude, { resolve: root })
  return (absolutePath) => isAcceptedImage(absolutePath, options.limits.allowAvif) && filter(absolutePath)
}

/** Builds the delivery URL of some content with a variant given as text. */
export function deliveryUrlFor(state: BuildState, options: ResolvedOptions, sha256: string, variant: string): string {
  return buildDeliveryUrl({
    deliveryUrl: options.deliveryUrl,
    accountHash: state.accountHash,
    id: contentId(sha256, options.idPrefix),
    variant: parseVariant(variant),
  })
}

/**
 * Returns the start of every delivery URL of this build, up to the content digest of the ID
 * (`https://imagedelivery.net/<hash>/img/`), written exactly as the core's URL builder writes it.
 */
export function deliveryUrlPrefix(state: BuildState, options: ResolvedOptions): string {
  const sampleSha256 = '0'.repeat(64)
  const id = contentId(sampleSha256, options.idPrefix)
  const digest = id.slice(options.idPrefix.length)
  const url = deliveryUrlFor(state, options, sampleSha256, 'public')
  return url.slice(0, url.lastIndexOf(`${digest}/`))
}

/**
 * Creates the function that `renderBuiltUrl` calls first. It returns a delivery URL for an emitted
 * image whose output name `assetFileNames` recorded, and for an eligible public file, and marks
 * that image as referenced so `generateBundle` uploads it. Anything else returns undefined.
 */
export function createImageUrlRenderer(state: BuildState, settings: ImageUrlSettings): ImageUrlRenderer {
  const { options } = settings

  const urlFor = (sha256: string, tail: string): string => {
    state.referenced.add(sha256)
    return deliveryUrlFor(state, options, sha256, variantFromQuery(tail) ?? options.variant)
  }

  const keepSpriteLocal = (file: string): undefined => {
    const message = spriteWarning(file)
    if (!state.warned.has(message)) {
      state.warned.add(message)
      settings.warn(message)
    }
    return undefined
  }

  return (filename, context) => {
    if (!state.rewriting) return undefined

    const file = stripQueryAndHash(filename)
    const tail = queryAndHash(filename)

    if (context.type === 'asset') {
      const sha256 = state.shaByOutputName.get(file)
      if (sha256 === undefined) return undefined
      if (isSvg(file) && tail.includes('#')) return keepSpriteLocal(file)
      return urlFor(sha256, tail)
    }

    if (!options.publicDir || settings.publicDir === undefined) return undefined
    const sha256 = publicFileSha(state, settings, file)
    if (sha256 === undefined) return undefined
    if (isSvg(file) && tail.includes('#')) return keepSpriteLocal(file)
    return urlFor(sha256, tail)
  }
}

function publicFileSha(state: BuildState, settings: ImageUrlSettings, url: string): string | undefined {
  const cached = state.publicFiles.get(url)
  if (cached !== undefined) return cached ?? undefined

  const file = findPublicFile(settings.publicDir!, url)
  if (file === undefined || !settings.isEligible(file) || state.svgSprites.has(file)) {
    state.publicFiles.set(url, null)
    return undefined
  }

  const bytes = readPublicFile(file)
  const sha256 = sha256Bytes(bytes)
  const name = path.relative(settings.root, file).split(path.sep).join('/')
  state.addImage({ sha256, name, bytes })
  state.publicFiles.set(url, sha256)
  return sha256
}
