// Errors raised by the core. Each carries a stable `code` that users and adapters can match on.
import type { UploadedImage, UploadSummary } from './types.js'

export type PreflightErrorCode =
  | 'PREFLIGHT_UNREADABLE'
  | 'PREFLIGHT_EMPTY_FILE'
  | 'PREFLIGHT_LFS_POINTER'
  | 'PREFLIGHT_TOO_LARGE'
  | 'PREFLIGHT_UNSUPPORTED_FORMAT'
  | 'PREFLIGHT_AVIF_NOT_ALLOWED'
  | 'PREFLIGHT_CORRUPT'
  | 'PREFLIGHT_DIMENSION_TOO_LARGE'
  | 'PREFLIGHT_TOO_MANY_PIXELS'

/** An image that Cloudflare Images would reject, found before any request was sent. */
export class PreflightError extends Error {
  override name = 'PreflightError'
  readonly code: PreflightErrorCode
  /** The `name` of the image source (project-relative path). */
  readonly file: string

  constructor(code: PreflightErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.file = file
  }
}

/** One image that could not be uploaded, as listed by `UploadFailedError`. */
export interface UploadFailure {
  /** The `name` of the first image source with this content. */
  file: string
  sha256?: string
  id?: string
  error: Error
  /** Stable code of the underlying error, e.g. `PREFLIGHT_TOO_LARGE` or `CF_IMAGES_FORBIDDEN`. */
  code?: string
  /** Cloudflare error codes from the API response (empty for local and network failures). */
  cloudflareCodes: number[]
}

/** Raised after every image was attempted and the manifest recorded every success. */
export class UploadFailedError extends Error {
  override name = 'UploadFailedError'
  readonly code = 'UPLOAD_FAILED'
  readonly failures: UploadFailure[]
  /** The summary of the run that failed. */
  readonly summary: UploadSummary | undefined
  /** The sources that are on Cloudflare despite the failures. */
  readonly images: UploadedImage[]

  constructor(message: string, failures: UploadFailure[], summary?: UploadSummary, images: UploadedImage[] = []) {
    super(message)
    this.failures = failures
    this.summary = summary
    this.images = images
  }
}

export type ManifestErrorCode = 'MANIFEST_LOCK_TIMEOUT' | 'MANIFEST_WRITE_FAILED' | 'MANIFEST_NEWER_VERSION'

/**
 * The manifest could not be written, or a command that must write it found a file from a newer
 * version. A manifest that cannot be read is a cache miss for uploads, never this error.
 */
export class ManifestError extends Error {
  override name = 'ManifestError'
  readonly code: ManifestErrorCode
  readonly path: string

  constructor(code: ManifestErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.path = path
  }
}

/** The account hash (the first path segment of delivery URLs) could not be determined. */
export class AccountHashError extends Error {
  override name = 'AccountHashError'
  readonly code = 'ACCOUNT_HASH_UNKNOWN'
}

export type SourceFileErrorCode = 'SOURCE_CHANGED' | 'SOURCE_UNREADABLE'

/** An image file changed or disappeared between hashing and upload; nothing was sent for it. */
export class SourceFileError extends Error {
  override name = 'SourceFileError'
  readonly code: SourceFileErrorCode
  /** The `name` of the image source (project-relative path). */
  readonly file: string

  constructor(code: SourceFileErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.file = file
  }
}

/** An uploaded ID already exists on the account with different content. */
export class ContentMismatchError extends Error {
  override name = 'ContentMismatchError'
  readonly code = 'CONTENT_ID_MISMATCH'
}
