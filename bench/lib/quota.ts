// Request quotas and the shortest time a perfect client needs under one.

export interface Quota {
  requests: number
  windowSeconds: number
}

/** Cloudflare's batch API limit per token, which the client paces itself to. */
export const BATCH_QUOTA: Quota = { requests: 200, windowSeconds: 1 }

/**
 * Returns the shortest time in which `requestCount` requests fit the quota. The quota allows
 * `requests` per fixed window of `windowSeconds`, so the last request can go out only after
 * floor((requestCount - 1) / requests) full windows.
 */
export function idealSeconds(requestCount: number, quota: Quota): number {
  return Math.floor(Math.max(0, requestCount - 1) / quota.requests) * quota.windowSeconds
}

