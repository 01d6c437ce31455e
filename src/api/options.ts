import type { Dispatcher } from 'undici'
import { resolveApiUrl, resolveBatchUrl, validateAccountId, validateApiToken, type BaseUrl } from './base-url.js'
import { systemClock } from './clock.js'
import { DEFAULT_RETRY_POLICY } from './policy.js'
import type { RateLimit } from './rate-limiter.js'
import type { ClientOptions, Clock, Logger, RetryEvent, RetryPolicy } from './types.js'

export const DEFAULT_TIMEOUT_MS = 60_000
/** Cloudflare's account limit: 1200 requests per 5 minutes, shared by everything the user does. */
export const DEFAULT_RATE_LIMIT: Readonly<RateLimit> = Object.freeze({ requests: 1200, windowMs: 300_000 })
/** Cloudflare's batch API allows 200 requests per second per batch token. */
export const DEFAULT_BATCH_RATE_LIMIT: Readonly<RateLimit> = Object.freeze({ requests: 200, windowMs: 1_000 })

export interface ResolvedClientOptions {
  accountId: string
  apiToken: string
  api: BaseUrl
  /** The batch host, or undefined when the API base is a proxy and no `batchUrl` was given. */
  batch: BaseUrl | undefined
  timeoutMs: number
  retry: RetryPolicy
  rateLimit: RateLimit | false
  batchRateLimit: RateLimit | false
  onRetry: ((event: RetryEvent) => void) | undefined
  logger: Logger | undefined
  dispatcher: Dispatcher | undefined
  clock: Clock
  random: () => number
}

/** Validates every option up front and fills in the defaults; throws a TypeError naming the option. */
export function resolveClientOptions(options: ClientOptions, env: NodeJS.ProcessEnv = process.env): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('Missing client options: pass { accountId, apiToken }.')
  }

  const api = resolveApiUrl(options.apiUrl, env)
  return {
    accountId: validateAccountId(options.accountId),
    apiToken: validateApiToken(options.apiToken),
    api,
    batch: resolveBatchUrl(options.batchUrl, api),
    timeoutMs: positiveNumber('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    retry: resolveRetryPolicy(options.retry ?? {}),
    rateLimit: resolveRateLimit('rateLimit', options.rateLimit, DEFAULT_RATE_LIMIT),
    batchRateLimit: resolveRateLimit('batchRateLimit', options.batchRateLimit, DEFAULT_BATCH_RATE_LIMIT),
    onRetry: options.onRetry,
    logger: options.logger,
    dispatcher: options.dispatcher,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
  }
}

function resolveRetryPolicy(retry: Partial<RetryPolicy>): RetryPolicy {
  const resolved = { ...DEFAULT_RETRY_POLICY, ...retry }
  for (const name of ['maxRetries', 'maxRateLimitRetries'] as const) {
    const value = resolved[name]
    if (!Number.isInteger(value) || value < 0) {
      throw new TypeError(`Invalid retry.${name} ${JSON.stringify(value)}: expected an integer of 0 or more.`)
    }
  }
  for (const name of ['baseDelayMs', 'maxDelayMs', 'maxTotalRetryMs'] as const) {
    const value = resolved[name]
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`Invalid retry.${name} ${JSON.stringify(value)}: expected a number of milliseconds, 0 or more.`)
    }
  }
  return resolved
}

function resolveRateLimit(name: string, value: RateLimit | false | undefined, defaultValue: RateLimit): RateLimit | false {
  if (value === false) {
    return false
  }
  if (value === undefined) {
    return { ...defaultValue }
  }
  if (!Number.isInteger(value.requests) || value.requests < 1) {
    throw new TypeError(`Invalid ${name}.requests ${JSON.stringify(value.requests)}: expected an integer of 1 or more, or set ${name} to false.`)
  }
  positiveNumber(`${name}.windowMs`, value.windowMs)
  return { requests: value.requests, windowMs: value.windowMs }
}

function positiveNumber(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`Invalid ${name} ${JSON.stringify(value)}: expected a number of milliseconds greater than 0.`)
  }
  return value
}
