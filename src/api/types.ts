// Contract of the Cloudflare Images client. The core and the CLI depend only on this file.
import type { Dispatcher } from 'undici'

/** An image as the Images API returns it (`result` of upload, get, and list items). */
export interface CloudflareImage {
  id: string
  filename?: string
  uploaded: string
  requireSignedURLs: boolean
  /** Full delivery URLs, one per named variant, e.g. `https://imagedelivery.net/<hash>/<id>/public`. */
  variants: string[]
  meta?: Record<string, unknown>
  creator?: string | null
  draft?: boolean
}

export interface UploadRequest {
  /**
   * The bytes, a `Blob` that is sent as it is (every attempt reuses it, without a copy), or a path
   * on disk that is streamed rather than read into memory.
   */
  file: Uint8Array | Blob | { path: string }
  /** File name of the multipart part; Cloudflare stores it as `filename`. */
  filename: string
  /** Custom image ID. */
  id?: string
  /** Sent as a JSON string in the `metadata` field (max 1024 bytes). */
  metadata?: Record<string, unknown>
  requireSignedURLs?: boolean
}

export interface ListPageRequest {
  /** 10..10000, default 1000. */
  perPage?: number
  continuationToken?: string | null
  sortOrder?: 'asc' | 'desc'
}

export interface ListPage {
  images: CloudflareImage[]
  continuationToken: string | null
}

export interface ImagesStats {
  count: { allowed: number; current: number }
}

export interface VariantOptions {
  fit: 'scale-down' | 'contain' | 'cover' | 'crop' | 'pad'
  width: number
  height: number
  metadata: 'keep' | 'copyright' | 'none'
}

export interface Variant {
  id: string
  options: VariantOptions
  neverRequireSignedURLs?: boolean
}

export interface BatchToken {
  token: string
  expiresAt: string
}

/** One retry decided by the policy layer, for logs and summaries. */
export interface RetryEvent {
  method: string
  url: string
  /** Number of the attempt that failed, 1 for the first request. */
  attempt: number
  /** HTTP status, or undefined for a network error or timeout. */
  status: number | undefined
  reason: 'rate-limited' | 'server-error' | 'network-error' | 'timeout'
  /** Wait before the next attempt: the server's `Retry-After` (or a 429's `Ratelimit` reset) when given, else the jittered backoff. */
  delayMs: number
}

export interface RetryPolicy {
  /** Retries for 5xx, 408, resets and timeouts. @default 5 */
  maxRetries: number
  /** Retries for 429 responses, a separate budget. @default 10 */
  maxRateLimitRetries: number
  /** First backoff delay; doubled per attempt with full jitter. @default 500 */
  baseDelayMs: number
  /** @default 30_000 */
  maxDelayMs: number
  /** Cap on the total time one request may spend waiting between attempts. @default 300_000 */
  maxTotalRetryMs: number
}

/** Minimal logger; the plugin passes Vite's, the CLI a console-backed one. */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
  debug?(message: string): void
}

export interface ClientOptions {
  /** 32-character hex account tag. */
  accountId: string
  apiToken: string
  /** @default process.env.CLOUDFLARE_API_BASE_URL ?? 'https://api.cloudflare.com/client/v4' */
  apiUrl?: string
  /**
   * Batch API origin.
   * @default 'https://batch.imagedelivery.net' with Cloudflare's API, the API's own origin with a
   * loopback `apiUrl` (the local emulator), and none with any other `apiUrl`
   */
  batchUrl?: string
  /** Per-request timeout (headers and body). @default 60_000 */
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  /** Client-side pacing shared by every request of this client. @default { requests: 1200, windowMs: 300_000 } */
  rateLimit?: { requests: number; windowMs: number } | false
  /** Pacing of the batch-host client from `withBatchToken()`, per batch token. @default { requests: 200, windowMs: 1_000 } */
  batchRateLimit?: { requests: number; windowMs: number } | false
  onRetry?: (event: RetryEvent) => void
  /** Receives one debug line per retry; never the token. */
  logger?: Logger
  /** Connection pool for every request. @default undici's global dispatcher, read at each request */
  dispatcher?: Dispatcher
  /** Time source for rate limiting, backoff and batch-token expiry; tests pass a virtual clock. @default the system clock and `setTimeout` */
  clock?: Clock
  /** Jitter source returning a number in [0, 1). @default Math.random */
  random?: () => number
}

/** Time source of the policy layer. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  sleep(ms: number): Promise<void>
}

/** Stable codes of `CloudflareImagesError`, for users to match on. */
export type CloudflareImagesErrorCode =
  | 'CF_IMAGES_BAD_REQUEST'
  | 'CF_IMAGES_UNAUTHORIZED'
  | 'CF_IMAGES_FORBIDDEN'
  | 'CF_IMAGES_NOT_FOUND'
  | 'CF_IMAGES_ALREADY_EXISTS'
  | 'CF_IMAGES_TOO_LARGE'
  | 'CF_IMAGES_UNSUPPORTED_MEDIA'
  | 'CF_IMAGES_RATE_LIMITED'
  | 'CF_IMAGES_SERVER_ERROR'
  | 'CF_IMAGES_INVALID_RESPONSE'
  | 'CF_IMAGES_NETWORK_ERROR'
  | 'CF_IMAGES_TIMEOUT'
  | 'CF_IMAGES_HTTP_ERROR'

/** The operations the core needs; `CloudflareImagesClient` implements it. */
export interface ImagesApi {
  upload(request: UploadRequest): Promise<CloudflareImage>
  get(id: string): Promise<CloudflareImage>
  delete(id: string): Promise<void>
  listPage(request?: ListPageRequest): Promise<ListPage>
  /** Iterates every page of `GET /images/v2`, following `continuation_token`. */
  list(request?: Omit<ListPageRequest, 'continuationToken'>): AsyncIterable<CloudflareImage[]>
  stats(): Promise<ImagesStats>
  listVariants(): Promise<Record<string, Variant>>
  createVariant(variant: Variant): Promise<Variant>
  batchToken(): Promise<BatchToken>
  /** A client for the batch host, authorised by a fresh batch token, sharing no rate budget with this one. */
  withBatchToken(): Promise<ImagesApi>
  close(): Promise<void>
}
