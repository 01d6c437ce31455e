import type { Authorizer } from './channel.js'
import type { SecretSet } from './secrets.js'
import type { BatchToken, Clock } from './types.js'

/** Renew a batch token this long before its `expiresAt`, so no request leaves with a token about to expire. */
const RENEW_BEFORE_EXPIRY_MS = 60_000

/** Authorises batch-host requests with a batch token, fetching a new one when it expires or a 401 rejects it. */
export class BatchTokenAuthorizer implements Authorizer {
  readonly #fetchToken: () => Promise<BatchToken>
  readonly #clock: Clock
  readonly #secrets: SecretSet
  #token: BatchToken
  #renewal: Promise<BatchToken> | undefined

  constructor(initial: BatchToken, fetchToken: () => Promise<BatchToken>, clock: Clock, secrets: SecretSet) {
    this.#token = initial
    this.#fetchToken = fetchToken
    this.#clock = clock
    this.#secrets = secrets
    secrets.add(initial.token)
  }

  async authorization(): Promise<string> {
    const expiresAt = Date.parse(this.#token.expiresAt)
    // An unreadable expiresAt leaves renewal to the first 401.
    if (!Number.isNaN(expiresAt) && this.#clock.now() >= expiresAt - RENEW_BEFORE_EXPIRY_MS) {
      await this.#renew()
    }
    return `Bearer ${this.#token.token}`
  }

  async renewAfterUnauthorized(rejected: string): Promise<boolean> {
    if (rejected === `Bearer ${this.#token.token}`) {
      await this.#renew()
    }
    return true
  }

  /** Shares one token request among all requests that need a new token at the same time. */
  async #renew(): Promise<void> {
    if (this.#renewal === undefined) {
      this.#renewal = this.#fetchToken().finally(() => {
        this.#renewal = undefined
      })
    }
    const token = await this.#renewal
    this.#secrets.add(token.token)
    this.#token = token
  }
}
