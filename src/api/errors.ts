import { STATUS_CODES } from 'node:http'
import type { CloudflareImagesErrorCode } from './types.js'

/** One Cloudflare error item; `error_chain` entries are flattened into the same list. */
export interface CloudflareErrorItem {
  code: number
  message: string
}

export interface CloudflareImagesErrorInit {
  code: CloudflareImagesErrorCode
  method: string
  /** Request URL without credentials. */
  url: string
  status?: number | undefined
  errors?: CloudflareErrorItem[]
  /** Summary of the body, such as `HTML page "502 Bad Gateway"`, for bodies without Cloudflare errors. */
  detail?: string | undefined
  retryable: boolean
  /** Wait that the server asked for (Retry-After or Ratelimit), in milliseconds. */
  retryAfterMs?: number | undefined
  /** A redacted copy of the underlying error, never the original (it may hold request data). */
  cause?: Error | undefined
}

/** The one error the client throws for a failed request, whatever form the failure took. */
export class CloudflareImagesError extends Error {
  override name = 'CloudflareImagesError'
  readonly code: CloudflareImagesErrorCode
  /** HTTP status, or undefined when no response arrived. */
  readonly status: number | undefined
  readonly errors: CloudflareErrorItem[]
  readonly cloudflareCodes: number[]
  readonly method: string
  readonly url: string
  /** Whether the policy layer treats this failure as transient. */
  readonly retryable: boolean
  readonly retryAfterMs: number | undefined
  /** Attempts made before the client gave up, 1 when the failure was not retried. */
  attempts = 1
  readonly #init: CloudflareImagesErrorInit

  constructor(init: CloudflareImagesErrorInit) {
    super(formatMessage(init, 1), init.cause === undefined ? undefined : { cause: init.cause })
    this.#init = init
    this.code = init.code
    this.status = init.status
    this.errors = init.errors ?? []
    this.cloudflareCodes = this.errors.map((item) => item.code)
    this.method = init.method
    this.url = init.url
    this.retryable = init.retryable
    this.retryAfterMs = init.retryAfterMs
  }

  /** Records how many attempts the policy layer made, and names them in the message when there were several. */
  markAttempts(attempts: number): this {
    this.attempts = attempts
    this.message = formatMessage(this.#init, attempts)
    return this
  }
}

export function statusLine(status: number): string {
  const text = STATUS_CODES[status]
  return text === undefined ? String(status) : `${status} ${text}`
}

function formatMessage(init: CloudflareImagesErrorInit, attempts: number): string {
  const parts: string[] = []
  if (init.status !== undefined) {
    parts.push(statusLine(init.status))
  }
  if (init.detail !== undefined) {
    parts.push(init.detail)
  }
  for (const item of init.errors ?? []) {
    parts.push(`Cloudflare error ${item.code}: ${item.message}`)
  }
  const hint = HINTS[init.code]
  // Cloudflare messages often end with a period already, so strip it before adding one.
  const summary = parts.join(', ').replace(/\.+$/, '')
  const failed = attempts > 1 ? `failed after ${attempts} attempts` : 'failed'
  return `${init.method} ${init.url} ${failed}: ${summary}.${hint === '' ? '' : ` ${hint}`}`
}

const HINTS: Record<CloudflareImagesErrorCode, string> = {
  CF_IMAGES_BAD_REQUEST: 'Check the request values named in the Cloudflare error.',
  CF_IMAGES_UNAUTHORIZED: 'Check that the API token is valid and not expired.',
  CF_IMAGES_FORBIDDEN: 'Check that the token has the Cloudflare Images edit permission and that accountId is the right account.',
  CF_IMAGES_NOT_FOUND: '',
  CF_IMAGES_ALREADY_EXISTS: '',
  CF_IMAGES_TOO_LARGE: 'Cloudflare Images accepts files up to 10 MB; shrink or exclude the image.',
  CF_IMAGES_UNSUPPORTED_MEDIA: 'Cloudflare Images accepts PNG, JPEG, GIF, WebP, SVG and HEIC; exclude or convert the image.',
  CF_IMAGES_RATE_LIMITED: 'The account is over its request limit; lower the concurrency or retry later.',
  CF_IMAGES_SERVER_ERROR: 'Cloudflare or a proxy on the way failed; retry later.',
  CF_IMAGES_INVALID_RESPONSE: 'The response is not a Cloudflare API envelope; check that apiUrl points at the Cloudflare API.',
  CF_IMAGES_NETWORK_ERROR: 'Check the network connection and apiUrl.',
  CF_IMAGES_TIMEOUT: 'Raise timeoutMs if large uploads need more time.',
  CF_IMAGES_HTTP_ERROR: '',
}

/** Error codes that Cloudflare uses for one meaning whatever the HTTP status. */
const CODE_BY_CLOUDFLARE_CODE = new Map<number, CloudflareImagesErrorCode>([
  [5400, 'CF_IMAGES_BAD_REQUEST'],
  [5403, 'CF_IMAGES_FORBIDDEN'],
  [5404, 'CF_IMAGES_NOT_FOUND'],
  [5409, 'CF_IMAGES_ALREADY_EXISTS'],
  [5413, 'CF_IMAGES_TOO_LARGE'],
  [5415, 'CF_IMAGES_UNSUPPORTED_MEDIA'],
  [5455, 'CF_IMAGES_UNSUPPORTED_MEDIA'],
  [971, 'CF_IMAGES_RATE_LIMITED'],
])

/** Maps a failed response to a stable code: a known Cloudflare code first, the HTTP status second. */
export function codeForFailure(status: number, cloudflareCodes: number[]): CloudflareImagesErrorCode {
  for (const cloudflareCode of cloudflareCodes) {
    const known = CODE_BY_CLOUDFLARE_CODE.get(cloudflareCode)
    if (known !== undefined) {
      return known
    }
  }

  switch (status) {
    case 400:
      return 'CF_IMAGES_BAD_REQUEST'
    case 401:
      return 'CF_IMAGES_UNAUTHORIZED'
    case 403:
      return 'CF_IMAGES_FORBIDDEN'
    case 404:
      return 'CF_IMAGES_NOT_FOUND'
    case 408:
      return 'CF_IMAGES_TIMEOUT'
    case 409:
      return 'CF_IMAGES_ALREADY_EXISTS'
    case 413:
      return 'CF_IMAGES_TOO_LARGE'
    case 415:
      return 'CF_IMAGES_UNSUPPORTED_MEDIA'
    case 429:
      return 'CF_IMAGES_RATE_LIMITED'
  }
  if (status >= 500) {
    return 'CF_IMAGES_SERVER_ERROR'
  }
  // A 2xx with success: false and no known code means the server failed for no reason the client can fix.
  if (status >= 200 && status < 300) {
    return 'CF_IMAGES_SERVER_ERROR'
  }
  return 'CF_IMAGES_HTTP_ERROR'
}

/** Returns true for the statuses the policy layer retries (429 on its own budget). Every other 4xx is final. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}
