import type { RetryEvent } from '../api/types.js'

/**
 * Counts the retries of a client and passes them on. Give `onRetry` to the client's options and
 * the tracker to `uploadImages`, which reports the retries in its summary and progress events.
 */
export class RetryTracker {
  count = 0
  private readonly listeners = new Set<(event: RetryEvent) => void>()

  readonly onRetry = (event: RetryEvent): void => {
    this.count += 1
    for (const listener of this.listeners) listener(event)
  }

  /** Adds a listener; the returned function removes it. */
  subscribe(listener: (event: RetryEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
