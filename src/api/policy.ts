import type { Clock } from './clock.js'
import { CloudflareImagesError, statusLine } from './errors.js'
import type { RateLimiter } from './rate-limiter.js'
import type { Logger, RetryEvent, RetryPolicy } from './types.js'

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 5,
  maxRateLimitRetries: 10,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxTotalRetryMs: 300_000,
})

export interface PolicyOptions {
  retry: RetryPolicy
  limiter: RateLimiter
  clock: Clock
  /** Source of jitter in [0, 1). */
  random: () => number
  onRetry?: ((event: RetryEvent) => void) | undefined
  logger?: Logger | undefined
}

/**
 * The one path every request of a client takes: a turn from the shared rate limiter, then the
 * attempt, then a retry decision. 429 responses and other transient failures (5xx, 408, resets,
 * timeouts) draw on separate budgets. Every other failure is thrown at once.
 */
export class RequestPolicy {
  readonly #options: PolicyOptions

  constructor(options: PolicyOptions) {
    this.#options = options
  }

  get limiter(): RateLimiter {
    return this.#options.limiter
  }

  async run<T>(method: string, url: string, attempt: () => Promise<T>): Promise<T> {
    const { retry, limiter, clock } = this.#options
    let attempts = 0
    let failureRetries = 0
    let rateLimitRetries = 0
    let waitedMs = 0

    for (;;) {
      await limiter.acquire()
      attempts += 1
      try {
        const result = await attempt()
        limiter.release()
        return result
      } catch (error) {
        limiter.release()
        if (!(error instanceof CloudflareImagesError) || !error.retryable) {
          throw error instanceof CloudflareImagesError ? error.markAttempts(attempts) : error
        }

        const reason = retryReason(error)
        const rateLimited = reason === 'rate-limited'
        const budgetLeft = rateLimited ? rateLimitRetries < retry.maxRateLimitRetries : failureRetries < retry.maxRetries
        const delayMs = error.retryAfterMs ?? this.#backoff(rateLimited ? rateLimitRetries : failureRetries)
        if (!budgetLeft || waitedMs + delayMs > retry.maxTotalRetryMs) {
          throw error.markAttempts(attempts)
        }

        if (rateLimited) {
          // Every queued request of this client waits too: the account budget is shared.
          limiter.pauseUntil(clock.now() + delayMs)
          rateLimitRetries += 1
        } else {
          failureRetries += 1
        }
        waitedMs += delayMs

        this.#report({ method, url, attempt: attempts, status: error.status, reason, delayMs }, error)
        await clock.sleep(delayMs)
      }
    }
  }

  /** Exponential backoff with full jitter: a uniform delay in [0, min(max, base * 2^n)). */
  #backoff(retriesSoFar: number): number {
    const { baseDelayMs, maxDelayMs } = this.#options.retry
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retriesSoFar)
    return Math.floor(this.#options.random() * ceiling)
  }

  #report(event: RetryEvent, error: CloudflareImagesError): void {
    const outcome = error.status === undefined ? error.code : `${statusLine(error.status)} (${error.code})`
    this.#options.logger?.debug?.(`Retrying ${event.method} ${event.url} in ${event.delayMs} ms after attempt ${event.attempt}: ${outcome}`)
    this.#options.onRetry?.(event)
  }
}

function retryReason(error: CloudflareImagesError): RetryEvent['reason'] {
  if (error.status === 429 || error.code === 'CF_IMAGES_RATE_LIMITED') {
    return 'rate-limited'
  }
  if (error.code === 'CF_IMAGES_TIMEOUT') {
    return 'timeout'
  }
  return error.status === undefined ? 'network-error' : 'server-error'
}
