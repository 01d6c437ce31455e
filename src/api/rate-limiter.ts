import type { Clock } from './clock.js'

export interface RateLimit {
  requests: number
  windowMs: number
}

/**
 * Sliding-window limiter shared by every request of one client. Requests take their turn in
 * arrival order, so a pause set by one 429 holds back every queued request, not only the one that got it.
 */
export class RateLimiter {
  readonly #limit: RateLimit | false
  readonly #clock: Clock
  /** Start times of the requests inside the current window, oldest first. */
  readonly #starts: number[] = []
  #pausedUntil = 0
  #queue: Promise<void> = Promise.resolve()
  /** Requests that acquired a turn and have not released it yet. */
  #inFlight = 0
  /**
   * Requests the server's current window still allows, as last reported by its `Ratelimit`
   * header minus what started since. Undefined when no report applies.
   */
  #serverBudget: number | undefined
  #serverResetAt = 0

  /** `false` turns the client-side window off; pauses asked for by the server still apply. */
  constructor(limit: RateLimit | false, clock: Clock) {
    this.#limit = limit
    this.#clock = clock
  }

  /** Waits until the window has room and no pause is active, then counts one request. */
  acquire(): Promise<void> {
    const turn = this.#queue.then(() => this.#waitForSlot())
    this.#queue = turn.catch(() => undefined)
    return turn
  }

  /** Marks the end of a request that `acquire()` let through. */
  release(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1)
  }

  /**
   * Records the server's `Ratelimit` report of a response that just arrived. The other requests
   * still in flight will also count against that window, so only what is left after them may
   * start before the reset. Without this, a client running several requests at once learns of an
   * exhausted window only from the 429s of the requests it already sent.
   */
  observeServerQuota(remaining: number, resetMs: number): void {
    const now = this.#clock.now()
    const resetAt = now + resetMs
    const budget = remaining - Math.max(0, this.#inFlight - 1)
    // Responses can arrive out of order; within one window the lowest report is the newest.
    const sameWindow = this.#serverBudget !== undefined && Math.abs(resetAt - this.#serverResetAt) < 1_000
    this.#serverBudget = sameWindow ? Math.min(this.#serverBudget as number, budget) : budget
    this.#serverResetAt = sameWindow ? this.#serverResetAt : resetAt
  }

  /** Holds every request that has not started yet until `time` (milliseconds since the epoch). */
  pauseUntil(time: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, time)
  }

  get pausedUntil(): number {
    return this.#pausedUntil
  }

  async #waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.#clock.now()
      const wait = this.#waitTime(now)
      if (wait <= 0) {
        if (this.#limit !== false) {
          this.#starts.push(now)
        }
        if (this.#serverBudget !== undefined) {
          this.#serverBudget -= 1
        }
        this.#inFlight += 1
        return
      }
      await this.#clock.sleep(wait)
    }
  }

  #waitTime(now: number): number {
    let wait = this.#pausedUntil - now
    if (this.#serverBudget !== undefined && now >= this.#serverResetAt) {
      this.#serverBudget = undefined
    }
    if (this.#serverBudget !== undefined && this.#serverBudget <= 0) {
      wait = Math.max(wait, this.#serverResetAt - now)
    }
    if (this.#limit === false) {
      return wait
    }

    const windowStart = now - this.#limit.windowMs
    while (this.#starts.length > 0 && (this.#starts[0] as number) <= windowStart) {
      this.#starts.shift()
    }
    if (this.#starts.length >= this.#limit.requests) {
      wait = Math.max(wait, (this.#starts[0] as number) + this.#limit.windowMs - now)
    }
    return wait
  }
}
