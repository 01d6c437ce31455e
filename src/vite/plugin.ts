import path from 'node:path'
import type { Plugin, ResolvedConfig } from 'vite'
import { CloudflareImagesClient } from '../api/index.js'
import type { Logger } from '../api/types.js'
import type { UploadSummary } from '../core/index.js'
import { wrapAssetFileNames } from './asset-file-names.js'
import type { AssetFileNames } from './asset-names.js'
import { BuildSession, createBuildRun, emptySummary } from './build-session.js'
import { type Bundle, removeUploadedCopies } from './bundle-cleanup.js'
import { resolveAccountHash, uploadReferencedImages } from './upload.js'
import { applyHtmlQueries, applyHtmlVariants, deliveryUrlPattern } from './html-variants.js'
import { deliveryUrlPrefix } from './image-urls.js'
import { createLibraryImageLoader } from './library-mode.js'
import { type Options, resolveOptions } from './options.js'
import { formatSummary, type ProgressTerminal } from './progress.js'
import { type ImageUrlRenderer, type RenderBuiltUrl, rendererOf, wrapRenderBuiltUrl } from './render-built-url.js'
import { rewriteDoubleEncodedSrcset } from './encoded-srcset.js'
import { findSvgSprites } from './svg-sprites.js'
import { formatVariantSegment } from './variant.js'
import { isContinuousIntegration } from '../shared/plugin-options.js'

export const PLUGIN_NAME = 'vite-plugin-cloudflare-images'

// Module IDs of images in a format Cloudflare accepts, with any query. The loader still applies
// `include` and `exclude`.
const IMAGE_ID = /\.(?:png|jpe?g|jfif|pjpeg|pjp|gif|webp|svg|heic|heif)(?:\?.*)?$/i

/** The part of a Vite hook's `this` that identifies the build of the call (Vite 6 and later). */
interface HookContext {
  environment?: {
    getTopLevelConfig(): ResolvedConfig
    config: { build: ResolvedConfig['build'] }
  }
}

// Run key of hooks that have no `this.environment`.
const NO_ENVIRONMENT = {}

/**
 * Creates the Vite plugin. It runs only in `vite build`: the dev server serves local files.
 * Throws a `TypeError` naming the option when an option is invalid.
 */
export function cloudflareImages(userOptions: Options = {}): Plugin {
  const options = resolveOptions(userOptions)
  // Marks this instance's `renderBuiltUrl` wrappers, so a config it already wrapped is not wrapped twice.
  const owner = {}
  const sessions = new WeakMap<ResolvedConfig, BuildSession>()
  // Sessions made by `config` that `configResolved` has not bound to a resolved config yet.
  const pending: BuildSession[] = []
  let latest: BuildSession | undefined

  const sessionOf = (context: HookContext): BuildSession => {
    const topLevelConfig = context.environment?.getTopLevelConfig()
    const session = (topLevelConfig === undefined ? undefined : sessions.get(topLevelConfig)) ?? latest
    // configResolved always runs before the hooks that call this.
    if (session === undefined) throw new Error(`${PLUGIN_NAME}: a build hook ran before configResolved.`)
    return session
  }
  const buildOptionsOf = (context: HookContext, session: BuildSession) => context.environment?.config.build ?? session.config?.build

  return {
    name: PLUGIN_NAME,
    apply: 'build',
    // After Vite's HTML and CSS plugins, so `generateBundle` receives the final HTML, and before
    // Vite's manifest plugins, so `manifest.json` is built from the pruned bundle.
    enforce: 'post',

    config: {
      // Late, so a framework's own `renderBuiltUrl` is already set and gets wrapped.
      order: 'post',
      handler(userConfig) {
        const session = new BuildSession(options, createPluginLogger)
        pending.push(session)

        // Returned rather than assigned: Vite merges it into a copy, and the user's `experimental`
        // object, which other builds may share, stays as it was.
        const existing = userConfig.experimental?.renderBuiltUrl as RenderBuiltUrl | undefined
        return { experimental: { renderBuiltUrl: wrapRenderBuiltUrl(existing, session.renderer, owner) } }
      },
    },

    configResolved(resolved) {
      // The resolved config contains the wrapper that this config's `config` call returned, unless a
      // later plugin wrapped it again. Then the oldest unbound session is the best guess.
      const renderer = rendererOf(resolved.experimental?.renderBuiltUrl, owner)
      let index = pending.findIndex((session) => session.renderer === renderer)
      if (index === -1) index = 0
      const session = pending.splice(index, 1)[0] ?? new BuildSession(options, createPluginLogger)

      session.configure(resolved)
      sessions.set(resolved, session)
      latest = session
    },

    async buildStart() {
      const session = sessionOf(this)
      const key = this.environment ?? NO_ENVIRONMENT
      // Vite 8 (Rolldown) calls buildStart again for every further output of one build. The run,
      // its client and its summary start at the first call and end in closeBundle.
      if (session.runs.has(key)) return

      const { state, settings, logger } = session
      if (session.runs.size === 0) state.reset()
      const run = createBuildRun()
      session.runs.set(key, run)

      if (options.accountId === undefined || options.apiToken === undefined) {
        const missing = [options.accountId === undefined ? 'accountId' : '', options.apiToken === undefined ? 'apiToken' : '']
          .filter(Boolean)
          .join(' and ')
        const advice = 'Set CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN, or pass accountId and apiToken to cloudflareImages().'
        if (options.onMissingCredentials === 'error') {
          session.runs.delete(key)
          const keepLocal = "Or set onMissingCredentials: 'keep-local' to build with local images (the default outside CI)."
          this.error({ code: 'CF_IMAGES_MISSING_CREDENTIALS', message: `Missing ${missing}. ${advice} ${keepLocal}` })
        }
        this.warn({
          code: 'CF_IMAGES_MISSING_CREDENTIALS',
          message: `Missing ${missing}: images stay local in this build. ${advice}`,
        })
        return
      }

      run.api = new CloudflareImagesClient({
        accountId: options.accountId,
        apiToken: options.apiToken,
        ...(options.apiUrl !== undefined ? { apiUrl: options.apiUrl } : {}),
        logger,
      })
      const manifestPath = path.resolve(settings.root, options.manifest)
      const outDir = path.resolve(settings.root, buildOptionsOf(this, session)?.outDir ?? 'dist')
      if (manifestPath.startsWith(outDir + path.sep)) {
        this.warn({
          code: 'CF_IMAGES_MANIFEST_IN_OUT_DIR',
          message: `The manifest ${options.manifest} is inside outDir, which Vite empties before each build, so every build would check every image again. Set the manifest option to a path outside ${path.relative(settings.root, outDir) || outDir}.`,
        })
      }

      try {
        state.accountHash = await resolveAccountHash(run.api, options, manifestPath, logger)
      } catch (error) {
        session.runs.delete(key)
        await run.api.close()
        this.error({ code: codeOf(error, 'CF_IMAGES_ACCOUNT_HASH_UNKNOWN'), message: (error as Error).message, cause: error })
      }
      state.rewriting = true
    },

    outputOptions(outputOptions) {
      const { state, settings } = sessionOf(this)
      const original = outputOptions.assetFileNames as AssetFileNames | undefined
      return {
        ...outputOptions,
        assetFileNames: wrapAssetFileNames(original, state, settings),
      }
    },

    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        const { state, settings } = sessionOf(this as HookContext)
        for (const file of findSvgSprites(html, context.filename, settings)) state.svgSprites.add(file)
      },
    },

    load: {
      // Before Vite's asset plugin, which would inline the image in library mode.
      order: 'pre',
      filter: { id: IMAGE_ID },
      async handler(id) {
        const session = sessionOf(this)
        if (!buildOptionsOf(this, session)?.lib) return null
        return createLibraryImageLoader(session.state, session.settings)(id)
      },
    },

    generateBundle: {
      order: 'post',
      async handler(_outputOptions, bundle) {
        const session = sessionOf(this)
        const { state, logger } = session
        const run = session.runs.get(this.environment ?? NO_ENVIRONMENT)
        const output = bundle as unknown as Bundle

        if (state.rewriting) {
          // Delivery URLs are already in the chunks, so their images must be uploaded or the build must fail.
          if (run?.api === undefined) {
            this.error({
              code: 'CF_IMAGES_NO_CLIENT',
              message: `This build wrote Cloudflare delivery URLs, but has no open Cloudflare Images client to upload the images (buildStart did not run for environment ${this.environment?.name ?? '(none)'}). Please report this with your Vite config.`,
            })
          }

          rewriteEncodedPublicSrcsets(output, session.renderer)
          const manifestPath = path.resolve(session.settings.root, options.manifest)
          const terminal = progressTerminal(session.config)
          try {
            const result = await uploadReferencedImages(state, run.api, options, manifestPath, logger, terminal)
            run.summary = mergeSummaries(run.summary, result ?? emptySummary())
          } catch (error) {
            run.failed = true
            this.error({ code: codeOf(error, 'CF_IMAGES_UPLOAD_FAILED'), message: (error as Error).message, cause: error })
          }

          const uploadedNames = [...state.shaByOutputName].filter(([, sha]) => state.uploaded.has(sha)).map(([name]) => name)
          const { kept } = removeUploadedCopies(output, uploadedNames, viteManifestNames(buildOptionsOf(this, session)))
          for (const [fileName, mentionedBy] of kept) {
            this.warn({
              code: 'CF_IMAGES_LOCAL_COPY_KEPT',
              message: `${fileName} is on Cloudflare, but ${mentionedBy} still refers to the local file, so it stays in the output.`,
            })
          }
        }

        rewriteHtmlVariants(output, state.rewriting ? deliveryUrlPrefix(state, options) : undefined)
      },
    },

    async closeBundle() {
      const session = sessionOf(this)
      const key = this.environment ?? NO_ENVIRONMENT
      const run = session.runs.get(key)
      if (run === undefined) return
      session.runs.delete(key)

      if (run.summary !== undefined && !run.failed) session.logger.info(formatSummary(run.summary))
      await run.api?.close()
    },
  }
}

/** Gives public images in `srcset` their delivery URLs where Vite 7 left them out (see encoded-srcset.ts). */
function rewriteEncodedPublicSrcsets(bundle: Bundle, renderer: ImageUrlRenderer): void {
  for (const item of Object.values(bundle)) {
    if (item.type !== 'asset' || !item.fileName.endsWith('.html') || typeof item.source !== 'string') continue

    const context = { type: 'public', hostId: item.fileName, hostType: 'html', ssr: false } as const
    const html = rewriteDoubleEncodedSrcset(item.source, (url) => renderer(url, context))
    if (html !== undefined) item.source = html
  }
}

function rewriteHtmlVariants(bundle: Bundle, prefix: string | undefined): void {
  // Without rewriting nothing matches, and the pass only removes the attribute.
  const pattern = prefix === undefined ? /(?!)/g : deliveryUrlPattern(prefix)
  for (const item of Object.values(bundle)) {
    if (item.type !== 'asset' || !item.fileName.endsWith('.html') || typeof item.source !== 'string') continue

    const withoutQueries = applyHtmlQueries(item.source, pattern, formatVariantSegment) ?? item.source
    const html = applyHtmlVariants(withoutQueries, pattern, formatVariantSegment) ?? withoutQueries
    if (html !== item.source) item.source = html
  }
}

/**
 * Returns `process.stdout` for a live progress line under the conditions Vite's own reporter
 * draws one: a TTY outside CI, log level `info`, and Vite's default logger. Otherwise undefined,
 * and progress goes to the logger as plain lines.
 */
function progressTerminal(config: ResolvedConfig | undefined): ProgressTerminal | undefined {
  if (config === undefined || (config.logLevel ?? 'info') !== 'info' || config.customLogger !== undefined) return undefined
  if (!process.stdout.isTTY || isContinuousIntegration(process.env)) return undefined
  return process.stdout
}

/** Output names of the manifests Vite writes in this build. */
function viteManifestNames(build: ResolvedConfig['build'] | undefined): Set<string> {
  const names = new Set<string>()
  const { manifest, ssrManifest } = build ?? {}
  if (manifest) names.add(typeof manifest === 'string' ? manifest : '.vite/manifest.json')
  if (ssrManifest) names.add(typeof ssrManifest === 'string' ? ssrManifest : '.vite/ssr-manifest.json')
  return names
}

function mergeSummaries(previous: UploadSummary | undefined, next: UploadSummary): UploadSummary {
  if (previous === undefined) return next

  // Every field is a count or a duration, so outputs of one build add up.
  const merged = { ...next }
  for (const key of Object.keys(merged) as Array<keyof UploadSummary>) {
    merged[key] = previous[key] + next[key]
  }
  return merged
}

function codeOf(error: unknown, fallback: string): string {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : fallback
}

/**
 * Creates a logger that writes through Vite's logger (`config.logger`, which honours `logLevel`
 * and `customLogger`) with the prefix Vite gives plugin warnings.
 */
function createPluginLogger(getConfig: () => ResolvedConfig | undefined): Logger {
  const prefix = `[plugin ${PLUGIN_NAME}]`
  return {
    info: (message) => getConfig()?.logger.info(`${prefix} ${message}`),
    warn: (message) => getConfig()?.logger.warn(`${prefix} ${message}`),
    error: (message) => getConfig()?.logger.error(`${prefix} ${message}`),
  }
}
