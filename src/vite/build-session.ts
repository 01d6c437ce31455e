import path from 'node:path'
import type { ResolvedConfig } from 'vite'
import type { ImagesApi, Logger } from '../api/types.js'
import type { UploadSummary } from '../core/index.js'
import { BuildState } from './build-state.js'
import { createImageFilter, createImageUrlRenderer, type ImageUrlSettings } from './image-urls.js'
import type { ResolvedOptions } from './options.js'
import type { ImageUrlRenderer } from './render-built-url.js'

// One plugin instance can serve several builds at the same time: `Promise.all` over two `build()`
// calls, or a `buildApp` that builds the client and SSR environments in parallel. Vite resolves a
// config for each of them (for every environment unless `builder.sharedConfigBuild` is set), and
// runs the plugin's `config` hook each time. So the plugin keeps one session per resolved config,
// found again from a hook through `this.environment.getTopLevelConfig()`, and one run per
// environment inside it.

/** One build of one environment, from its first `buildStart` to its `closeBundle`. */
export interface BuildRun {
  /**
   * The client of this build, closed in its `closeBundle`. Each run has its own, so a build that
   * ends first never closes a client another build still uses. Undefined when images stay local.
   */
  api: ImagesApi | undefined
  /** Totals over the outputs done so far; undefined until the first output finished its upload step. */
  summary: UploadSummary | undefined
  /** Whether a hook of this plugin failed the build, so no summary line is printed. */
  failed: boolean
}

/** The builds that share one resolved Vite config, with the image state they share. */
export class BuildSession {
  /**
   * Images, output names and upload results. Runs of one session may share it safely, because
   * every entry is keyed by content (an output name contains a digest of the bytes). It is reset
   * when a run starts while no other run of the session is open.
   */
  readonly state = new BuildState()
  /** Open runs by environment (a constant key where a hook has no `this.environment`). */
  readonly runs = new Map<object, BuildRun>()
  /** Set in `configResolved`. */
  config: ResolvedConfig | undefined
  readonly logger: Logger
  readonly settings: ImageUrlSettings
  /** The function this session's `renderBuiltUrl` wrapper calls first. */
  readonly renderer: ImageUrlRenderer

  constructor(options: ResolvedOptions, createLogger: (getConfig: () => ResolvedConfig | undefined) => Logger) {
    this.logger = createLogger(() => this.config)
    this.settings = {
      options,
      root: process.cwd(),
      publicDir: undefined,
      isEligible: createImageFilter(options, process.cwd()),
      warn: (message) => this.logger.warn(message),
    }
    this.renderer = createImageUrlRenderer(this.state, this.settings)
  }

  /** Takes the root and public directory from the resolved config, and resolves `include`/`exclude` against the root. */
  configure(config: ResolvedConfig): void {
    this.config = config
    this.settings.root = config.root
    this.settings.publicDir = config.publicDir === '' ? undefined : path.resolve(config.publicDir)
    this.settings.isEligible = createImageFilter(this.settings.options, config.root)
  }
}

export function createBuildRun(): BuildRun {
  return { api: undefined, summary: undefined, failed: false }
}

/** Returns the summary of an upload step with nothing to upload, so every build can print its line. */
export function emptySummary(): UploadSummary {
  return { seen: 0, unique: 0, known: 0, uploaded: 0, uploadedBytes: 0, alreadyPresent: 0, retried: 0, failed: 0, requests: 0, durationMs: 0 }
}
