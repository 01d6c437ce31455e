export interface RateLimitDecision {
  allowed: boolean
  remaining: number
  /** Seconds until the window resets, rounded up, at least 1. */
  resetSeconds: number
}

/**
 * Fixed-window account limit: the window opens with the first request after the previous
 * one ended, and everything over `requests` within it is rejected until it ends. Cloudflare
 * documents the same behaviour ("429 for the rest of the window"), not its exact window math.
 */
export class FixedWindowRateLimiter {
  private windowStart = 0
  private used = 0

  constructor(
    readonly requests: number,
    readonly windowSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(): RateLimitDecision {
    const now = this.now()
    const windowMs = this.windowSeconds * 1000
    if (now - this.windowStart >= windowMs) {
      this.windowStart = now
      this.used = 0
    }

    const resetSeconds = Math.max(1, Math.ceil((this.windowStart + windowMs - now) / 1000))
    if (this.used >= this.requests) return { allowed: false, remaining: 0, resetSeconds }

    this.used += 1
    return { allowed: true, remaining: this.requests - this.used, resetSeconds }
  }

  /** `Ratelimit` and `Ratelimit-Policy` headers in the form Cloudflare sends them. */
  headers(decision: RateLimitDecision): Record<string, string> {
    return {
      ratelimit: `"default";r=${decision.remaining};t=${decision.resetSeconds}`,
      'ratelimit-policy': `"default";q=${this.requests};w=${this.windowSeconds}`,
    }
  }
}
