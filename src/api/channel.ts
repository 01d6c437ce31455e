import { getGlobalDispatcher, type Dispatcher, type FormData } from 'undici'
import type { BaseUrl } from './base-url.js'
import type { Clock } from './clock.js'
import { codeForFailure, CloudflareImagesError, isRetryableStatus } from './errors.js'
import { parseEnvelope, type RawResponse } from './envelope.js'
import type { RequestPolicy } from './policy.js'
import { readQuotaExhaustedWait, readServerQuota, readRetryAfter } from './rate-limit-headers.js'

/** One API call; `path` is relative to the base and already percent-encoded. */
export interface ApiCall {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  path: string
  query?: Record<string, string | number | undefined>
  /** Builds a fresh body for each attempt, because a sent body is consumed. */
  body?: () => Promise<FormData | string>
  contentType?: string
  /** Describes what is wrong with a success `result`, or returns undefined when it is usable. */
  validate?: (result: unknown) => string | undefined
}

/** Source of the Authorization header. A batch token can be renewed after a 401. */
export interface Authorizer {
  authorization(): Promise<string>
  /**
   * Renews the credential after a 401 rejected the header value `rejected`. Returns false when there
   * is nothing to renew. A credential that a concurrent renewal already replaced is not fetched again.
   */
  renewAfterUnauthorized?(rejected: string): Promise<boolean>
}

export interface ChannelOptions {
  base: BaseUrl
  authorizer: Authorizer
  policy: RequestPolicy
  clock: Clock
  timeoutMs: number
  /** Undefined means undici's global dispatcher at call time (keep-alive pooling, and test guards apply). */
  dispatcher: Dispatcher | undefined
  /** Replaces every secret in a text with `[redacted]`. */
  redact: (text: string) => string
  userAgent: string
}

/** Network error codes worth another attempt, because the connection broke rather than the configuration being wrong. */
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET'])
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'])

/** Sends calls to one host with one credential, through the policy layer, and unwraps the envelope. */
export class ApiChannel {
  readonly #options: ChannelOptions
  #closed = false

  constructor(options: ChannelOptions) {
    this.#options = options
  }

  /** Rejects every later call; requests already sent still finish. */
  close(): void {
    this.#closed = true
  }

  /** Returns the envelope's `result`, or throws `CloudflareImagesError`. */
  async call(call: ApiCall): Promise<unknown> {
    if (this.#closed) {
      throw new Error('vite-plugin-cloudflare-images: the Cloudflare Images client is closed. Create a new client for further requests.')
    }
    const url = this.displayUrl(call)
    return this.#options.policy.run(call.method, url, async () => {
      let response = await this.#send(call, url)
      // A batch token can expire before its expiresAt, so a 401 renews it once and tries again.
      if (response.status === 401 && (await this.#options.authorizer.renewAfterUnauthorized?.(response.authorization))) {
        response = await this.#send(call, url)
      }
      const result = this.#unwrap(call, url, response)
      const problem = call.validate?.(result)
      if (problem !== undefined) {
        throw new CloudflareImagesError({ code: 'CF_IMAGES_INVALID_RESPONSE', method: call.method, url, status: response.status, detail: problem, retryable: false })
      }
      return result
    })
  }

  displayUrl(call: Pick<ApiCall, 'path' | 'query'>): string {
    const { origin, basePath } = this.#options.base
    return `${origin}${basePath}${call.path}${formatQuery(call.query)}`
  }

  async #send(call: ApiCall, url: string): Promise<RawResponse & { authorization: string }> {
    const { base, authorizer, timeoutMs, userAgent } = this.#options
    const authorization = await authorizer.authorization()
    const headers: Record<string, string> = {
      authorization,
      accept: 'application/json',
      'user-agent': userAgent,
    }
    const body = call.body === undefined ? undefined : await call.body()
    if (call.contentType !== undefined) {
      headers['content-type'] = call.contentType
    }

    const dispatcher = this.#options.dispatcher ?? getGlobalDispatcher()
    try {
      const response = await dispatcher.request({
        origin: base.origin,
        path: `${base.basePath}${call.path}${formatQuery(call.query)}`,
        method: call.method,
        headers,
        body: body ?? null,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      })
      const bytes = new Uint8Array(await response.body.arrayBuffer())
      return { status: response.statusCode, headers: response.headers, body: bytes, authorization }
    } catch (error) {
      throw this.#networkError(call.method, url, error)
    }
  }

  #unwrap(call: ApiCall, url: string, response: RawResponse): unknown {
    const { clock, policy, redact } = this.#options
    const now = clock.now()
    const quotaWaitMs = readQuotaExhaustedWait(response.headers)
    if (quotaWaitMs !== undefined) {
      policy.limiter.pauseUntil(now + quotaWaitMs)
    }
    const quota = readServerQuota(response.headers)
    if (quota !== undefined) {
      policy.limiter.observeServerQuota(quota.remaining, quota.resetMs)
    }

    const parsed = parseEnvelope(response, redact)
    if (parsed.ok) {
      return parsed.result
    }

    const status = response.status
    const errors = parsed.errors
    const code = parsed.invalid ? 'CF_IMAGES_INVALID_RESPONSE' : codeForFailure(status, errors.map((item) => item.code))
    const is2xx = status >= 200 && status < 300
    const retryable = !parsed.invalid && (isRetryableStatus(status) || code === 'CF_IMAGES_RATE_LIMITED' || (is2xx && code === 'CF_IMAGES_SERVER_ERROR'))
    const retryAfterMs = readRetryAfter(response.headers, now) ?? (status === 429 ? quotaWaitMs : undefined)

    throw new CloudflareImagesError({
      code,
      method: call.method,
      url,
      status,
      errors,
      detail: parsed.detail,
      retryable,
      retryAfterMs,
    })
  }

  #networkError(method: string, url: string, error: unknown): CloudflareImagesError {
    const original = error instanceof Error ? error : new Error(String(error))
    const errorCode = (original as { code?: unknown }).code
    const code = typeof errorCode === 'string' ? errorCode : undefined
    const timedOut = code !== undefined && TIMEOUT_CODES.has(code)

    // The original error may reference undici's request object and its headers, so keep only a redacted copy.
    const cause = new Error(this.#options.redact(original.message))
    cause.name = original.name
    Object.assign(cause, { code })

    const reason = timedOut ? `timed out after ${this.#options.timeoutMs} ms` : 'no response'
    return new CloudflareImagesError({
      code: timedOut ? 'CF_IMAGES_TIMEOUT' : 'CF_IMAGES_NETWORK_ERROR',
      method,
      url,
      detail: `${reason} (${code ?? original.name}: ${cause.message})`,
      retryable: timedOut || (code !== undefined && TRANSIENT_NETWORK_CODES.has(code)),
      cause,
    })
  }
}

function formatQuery(query: ApiCall['query']): string {
  if (query === undefined) {
    return ''
  }
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) {
      params.set(name, String(value))
    }
  }
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}
