// Per-build image state, held by the plugin instance and reset in `buildStart`.
import type { ImagesApi } from '../api/types.js'
import { FileUrlPlaceholders } from './file-url-placeholders.js'

/** An imported image that received a delivery URL in the `load` hook. */
export interface ImportedImage {
  /** Absolute path; the module ID may add a `?cf-variant=` query. */
  path: string
  /** Path relative to the working folder with `/` separators, for messages and the manifest. */
  name: string
  sha256: string
}

export class BuildState {
  /** Whether imports and emitted files get delivery URLs; decided once in `buildStart`. */
  rewriting = false
  accountHash = ''
  accountId = ''
  manifestPath = ''
  api: ImagesApi | undefined

  /** Imported images by module ID, so one file imported with two variants has two entries. */
  readonly imported = new Map<string, ImportedImage>()
  readonly placeholders = new FileUrlPlaceholders()
  /** Messages already logged, so each warning appears once per build. */
  readonly warned = new Set<string>()

  /** Closes the API client; the state is not used afterwards. */
  async close(): Promise<void> {
    const api = this.api
    this.api = undefined
    await api?.close()
  }
}
