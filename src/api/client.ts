import type { Authorizer } from './channel.js'
import { ApiChannel } from './channel.js'
import { BatchTokenAuthorizer } from './batch-token.js'
import { ImageEndpoints } from './endpoints.js'
import { resolveClientOptions, type ResolvedClientOptions } from './options.js'
import { RequestPolicy } from './policy.js'
import { RateLimiter, type RateLimit } from './rate-limiter.js'
import { checkBatchToken, checkStats, checkVariant, checkVariants } from './results.js'
import { SecretSet } from './secrets.js'
import type { BatchToken, ClientOptions, ImagesApi, ImagesStats, Variant } from './types.js'

const USER_AGENT = 'vite-plugin-cloudflare-images'

/**
 * Cloudflare Images API client on undici. Every request of one client shares one rate limiter and
 * one retry policy. The token is sent only as `Authorization: Bearer` and is scrubbed from every error.
 */
export class CloudflareImagesClient extends ImageEndpoints implements ImagesApi {
  readonly accountId: string
  readonly #options: ResolvedClientOptions
  readonly #secrets: SecretSet

  constructor(options: ClientOptions) {
    const resolved = resolveClientOptions(options)
    const secrets = new SecretSet()
    secrets.add(resolved.apiToken)

    const bearer = `Bearer ${resolved.apiToken}`
    const authorizer: Authorizer = { authorization: async () => bearer }
    super(createChannel(resolved, resolved.api, authorizer, resolved.rateLimit, secrets), `/accounts/${resolved.accountId}/images`)

    this.accountId = resolved.accountId
    this.#options = resolved
    this.#secrets = secrets
  }

  async stats(): Promise<ImagesStats> {
    return (await this.channel.call({ method: 'GET', path: this.#accountPath('/v1/stats'), validate: checkStats })) as ImagesStats
  }

  /** Returns the account's named variants, keyed by name. */
  async listVariants(): Promise<Record<string, Variant>> {
    const result = await this.channel.call({ method: 'GET', path: this.#accountPath('/v1/variants'), validate: checkVariants })
    return (result as { variants: Record<string, Variant> }).variants
  }

  async createVariant(variant: Variant): Promise<Variant> {
    const result = await this.channel.call({
      method: 'POST',
      path: this.#accountPath('/v1/variants'),
      body: async () => JSON.stringify(variant),
      contentType: 'application/json',
      validate: checkVariant,
    })
    return (result as { variant: Variant }).variant
  }

  /** Requests a short-lived token for the batch host; it counts against the account's rate limit. */
  async batchToken(): Promise<BatchToken> {
    const result = (await this.channel.call({ method: 'GET', path: this.#accountPath('/v1/batch_token'), validate: checkBatchToken })) as BatchToken
    this.#secrets.add(result.token)
    return result
  }

  /**
   * Returns a client for the batch host (`batchUrl`), paced by `batchRateLimit` instead of the
   * account budget. It fetches a new batch token before the current one expires or after a 401.
   */
  async withBatchToken(): Promise<ImagesApi> {
    const batch = this.#options.batch
    if (batch === undefined) {
      throw new Error('No batch host for this API base: apiUrl is neither Cloudflare nor a loopback emulator. Pass batchUrl to use the batch API.')
    }
    const initial = await this.batchToken()
    const authorizer = new BatchTokenAuthorizer(initial, () => this.batchToken(), this.#options.clock, this.#secrets)
    const channel = createChannel(this.#options, batch, authorizer, this.#options.batchRateLimit, this.#secrets)
    return new BatchImagesClient(channel, this)
  }

  /** Rejects further requests. The connection pool belongs to undici (or to the injected dispatcher) and stays open. */
  async close(): Promise<void> {
    this.channel.close()
  }

  #accountPath(suffix: string): string {
    return `/accounts/${this.accountId}/images${suffix}`
  }
}

/** The batch-host client: image operations on the batch host, account-wide operations through the parent. */
class BatchImagesClient extends ImageEndpoints implements ImagesApi {
  readonly #parent: CloudflareImagesClient

  constructor(channel: ApiChannel, parent: CloudflareImagesClient) {
    super(channel, '/images')
    this.#parent = parent
  }

  stats(): Promise<ImagesStats> {
    return this.#parent.stats()
  }

  listVariants(): Promise<Record<string, Variant>> {
    return this.#parent.listVariants()
  }

  createVariant(variant: Variant): Promise<Variant> {
    return this.#parent.createVariant(variant)
  }

  batchToken(): Promise<BatchToken> {
    return this.#parent.batchToken()
  }

  withBatchToken(): Promise<ImagesApi> {
    return this.#parent.withBatchToken()
  }

  async close(): Promise<void> {
    this.channel.close()
  }
}

function createChannel(
  options: ResolvedClientOptions,
  base: ResolvedClientOptions['api'],
  authorizer: Authorizer,
  rateLimit: RateLimit | false,
  secrets: SecretSet,
): ApiChannel {
  const policy = new RequestPolicy({
    retry: options.retry,
    limiter: new RateLimiter(rateLimit, options.clock),
    clock: options.clock,
    random: options.random,
    onRetry: options.onRetry,
    logger: options.logger,
  })
  return new ApiChannel({
    base,
    authorizer,
    policy,
    clock: options.clock,
    timeoutMs: options.timeoutMs,
    dispatcher: options.dispatcher,
    redact: (text) => secrets.redact(text),
    userAgent: USER_AGENT,
  })
}
