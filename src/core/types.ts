// Contract of the framework-neutral core. Adapters (Vite, Rollup, CLI) depend only on this.
import type { ImagesApi, Logger } from '../api/types.js'
import type { Manifest } from './manifest.js'
import type { RetryTracker } from './retry-tracker.js'

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'svg' | 'heic' | 'avif'

/** One image the build wants on Cloudflare: bytes already in memory, or a file on disk. */
export interface ImageSource {
  /** Path used in messages and recorded as the original file name (relative to the project root, `/` separators). */
  name: string
  /** Absolute path on disk, when the image is a file. */
  path?: string
  /** The bytes, when they are already in memory (for example from the bundle). */
  bytes?: Uint8Array
  /** Known SHA-256 (hex), to avoid hashing twice. */
  sha256?: string
}

/** Format, size and dimensions found by preflight, stored in the manifest so warm builds never decode. */
export interface ImageInfo {
  format: ImageFormat
  bytes: number
  width: number
  height: number
  /** Frame count for animated GIF/WebP where it is knowable. */
  frames?: number
}

/** One confirmed upload in the manifest, keyed by SHA-256. */
export interface ManifestEntry {
  id: string
  bytes: number
  width: number
  height: number
  format: ImageFormat
  /** File name the image first had, for people reading the manifest. */
  file: string
  /** ISO-8601 time of the confirmed upload (or of the first time it was seen remotely). */
  uploaded: string
}

export interface Limits {
  /** @default 10 * 1024 * 1024 */
  maxBytes: number
  /** Maximum length of the longest side, in pixels. @default 12_000 */
  maxDimension: number
  /** Maximum length of the longest side of AVIF input, in pixels. @default 1_200 */
  maxAvifDimension: number
  /** Width × height × frames. @default 100_000_000 */
  maxPixels: number
  /** Metadata JSON size. @default 1024 */
  maxMetadataBytes: number
  /** Accept AVIF input (Enterprise accounts only). @default false */
  allowAvif: boolean
}

export type ProgressEvent =
  | { type: 'planned'; total: number; unique: number; known: number; toUpload: number; bytesToUpload: number }
  | { type: 'uploaded'; name: string; id: string; bytes: number; done: number; toUpload: number }
  | { type: 'already-present'; name: string; id: string; done: number; toUpload: number }
  | { type: 'failed'; name: string; error: Error; done: number; toUpload: number }
  | { type: 'retry'; name?: string; attempt: number; reason: string; delayMs: number }

export interface UploadSummary {
  /** References given to the uploader. */
  seen: number
  /** Distinct contents among them. */
  unique: number
  /** Found in the manifest: no request made. */
  known: number
  /** Uploaded by this run. */
  uploaded: number
  uploadedBytes: number
  /** Not in the manifest, but already in the account (409/5409 or found by GET). */
  alreadyPresent: number
  /** Retries reported through `retryTracker` during this run. */
  retried: number
  /** Distinct contents that could not be uploaded (preflight, hashing or the API). */
  failed: number
  /** Requests sent by this run: uploads, confirmations and list pages. */
  requests: number
  durationMs: number
}

/** Result of one image after the uploader ran. */
export interface UploadedImage {
  source: ImageSource
  sha256: string
  entry: ManifestEntry
}

export interface UploaderOptions {
  api: ImagesApi
  accountId: string
  manifestPath: string
  /** A manifest the caller already loaded from `manifestPath`; it is flushed but not closed. */
  manifest?: Manifest
  /** Prefix of every content ID. @default DEFAULT_ID_PREFIX ('img/') */
  idPrefix?: string
  /** Uploads (and confirmations) in flight at once. @default 8 */
  concurrency?: number
  /** Use the batch API for jobs larger than this many uploads. @default 200; false disables it. */
  batchThreshold?: number | false
  /**
   * When the manifest has no entry for the account and at least this many images are unknown,
   * list the account once instead of sending a request per image. @default 20; false disables it.
   */
  listThreshold?: number | false
  limits?: Partial<Limits>
  logger?: Logger
  onProgress?: (event: ProgressEvent) => void
  /** The tracker whose `onRetry` the client was created with; retries then appear in the summary. */
  retryTracker?: RetryTracker
  /** Minimum time between two manifest writes while uploads finish. @default 250 */
  flushIntervalMs?: number
}

/** Result of `uploadImages` when every image is on Cloudflare. */
export interface UploadResult {
  summary: UploadSummary
  /** One item per source (duplicates included), in the order given. */
  images: UploadedImage[]
}

export interface CoreLogger extends Logger {}
