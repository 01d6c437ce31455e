import { headerValue, type RawResponse } from './envelope.js'

/**
 * Reads how long the server wants the client to wait before its next request, in milliseconds,
 * from the `Ratelimit: "default";r=<remaining>;t=<seconds>` header (IETF draft form, also sent by
 * Cloudflare) or the older `Ratelimit-Remaining` / `Ratelimit-Reset` pair. Returns undefined while
 * requests remain.
 */
export function readQuotaExhaustedWait(headers: RawResponse['headers']): number | undefined {
  const combined = headerValue(headers, 'ratelimit')
  if (combined !== undefined) {
    for (const item of combined.split(',')) {
      const remaining = readParameter(item, 'r')
      const reset = readParameter(item, 't')
      if (remaining === 0 && reset !== undefined) {
        return reset * 1000
      }
    }
    return undefined
  }

  const remaining = Number(headerValue(headers, 'ratelimit-remaining'))
  const reset = Number(headerValue(headers, 'ratelimit-reset'))
  if (remaining === 0 && Number.isFinite(reset) && reset >= 0) {
    return reset * 1000
  }
  return undefined
}

/** The server's view of the current window: requests left and milliseconds until it resets. */
export interface ServerQuota {
  remaining: number
  resetMs: number
}

/** Reads the remaining requests and the reset time from the `Ratelimit` header, when it has both. */
export function readServerQuota(headers: RawResponse['headers']): ServerQuota | undefined {
  const combined = headerValue(headers, 'ratelimit')
  if (combined === undefined) {
    return undefined
  }
  for (const item of combined.split(',')) {
    const remaining = readParameter(item, 'r')
    const reset = readParameter(item, 't')
    if (remaining !== undefined && reset !== undefined) {
      return { remaining, resetMs: reset * 1000 }
    }
  }
  return undefined
}

function readParameter(item: string, name: string): number | undefined {
  const match = new RegExp(`;\\s*${name}=(\\d+)`).exec(item)
  return match === null ? undefined : Number(match[1])
}

/** Reads `Retry-After` as seconds or an HTTP date; returns milliseconds from `now`, or undefined. */
export function readRetryAfter(headers: RawResponse['headers'], now: number): number | undefined {
  const value = headerValue(headers, 'retry-after')?.trim()
  if (value === undefined || value === '') {
    return undefined
  }
  if (/^\d+$/.test(value)) {
    return Number(value) * 1000
  }
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
