import { describe, expect, it } from 'vitest'
import { CloudflareImagesClient } from '../../src/api/index.js'
import { resolveApiUrl } from '../../src/api/base-url.js'
import { resolveClientOptions } from '../../src/api/options.js'
import { ACCOUNT_ID, TEST_TOKEN } from './helpers.js'

const base = { accountId: ACCOUNT_ID, apiToken: TEST_TOKEN }

describe('base url', () => {
  it('rejects http on non-loopback host', () => {
    expect(() => new CloudflareImagesClient({ ...base, apiUrl: 'http://example.invalid/client/v4' })).toThrow(TypeError)
    expect(() => new CloudflareImagesClient({ ...base, apiUrl: 'http://example.invalid/client/v4' })).toThrow(
      'Invalid apiUrl "http://example.invalid/client/v4": http: would send the API token in clear text, so it is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost). Use https:// instead.',
    )
  })

  it('rejects http batchUrl', () => {
    expect(() => new CloudflareImagesClient({ ...base, batchUrl: 'http://example.invalid' })).toThrow(/^Invalid batchUrl "http:\/\/example\.invalid\/"/)
  })

  it('accepts http on loopback hosts', () => {
    for (const apiUrl of ['http://127.0.0.1:8787/client/v4', 'http://127.9.8.7/client/v4', 'http://[::1]:8787/client/v4', 'http://localhost:8787/client/v4']) {
      expect(resolveApiUrl(apiUrl).basePath, apiUrl).toBe('/client/v4')
    }
  })

  it('rejects look-alike loopback host', () => {
    expect(() => resolveApiUrl('http://127.0.0.1.example.invalid/client/v4')).toThrow(TypeError)
  })

  it('rejects other schemes', () => {
    expect(() => resolveApiUrl('ftp://127.0.0.1/client/v4')).toThrow(/expected an https:\/\/ URL/)
  })

  it('rejects relative url', () => {
    expect(() => resolveApiUrl('/client/v4')).toThrow('Invalid apiUrl "/client/v4": not an absolute URL. Use a URL such as https://api.cloudflare.com/client/v4.')
  })

  it('rejects credentials in url', () => {
    expect(() => resolveApiUrl('https://user:hunter2@example.invalid/client/v4')).toThrow(/must not contain a user name or password/)
    expect(() => resolveApiUrl('https://user:hunter2@example.invalid/client/v4')).not.toThrow(/hunter2/)
  })

  it('reads CLOUDFLARE_API_BASE_URL', () => {
    const resolved = resolveApiUrl(undefined, { CLOUDFLARE_API_BASE_URL: 'http://127.0.0.1:9999/client/v4/' })
    expect(resolved).toEqual({ origin: 'http://127.0.0.1:9999', basePath: '/client/v4' })
  })

  it('prefers apiUrl over environment', () => {
    const resolved = resolveApiUrl('http://127.0.0.1:1111/x', { CLOUDFLARE_API_BASE_URL: 'http://127.0.0.1:2222/y' })
    expect(resolved.origin).toBe('http://127.0.0.1:1111')
  })

  it('names environment variable in error', () => {
    expect(() => resolveApiUrl(undefined, { CLOUDFLARE_API_BASE_URL: 'http://example.invalid/client/v4' })).toThrow(/^Invalid CLOUDFLARE_API_BASE_URL "http:\/\/example\.invalid\/client\/v4"/)
  })

  it('defaults to Cloudflare API', () => {
    expect(resolveApiUrl(undefined, {})).toEqual({ origin: 'https://api.cloudflare.com', basePath: '/client/v4' })
  })
})

describe('client options', () => {
  it('rejects short accountId', () => {
    expect(() => new CloudflareImagesClient({ ...base, accountId: 'abc' })).toThrow(/^Invalid accountId: expected the 32-character hexadecimal account ID .* got a 3-character value\.$/)
  })

  it('rejects non-hex accountId', () => {
    expect(() => new CloudflareImagesClient({ ...base, accountId: 'z'.repeat(32) })).toThrow(/^Invalid accountId: it contains characters other than 0-9 and a-f/)
  })

  it('rejects missing accountId', () => {
    expect(() => new CloudflareImagesClient({ ...base, accountId: '' })).toThrow(/^Missing accountId/)
  })

  it('rejects missing token', () => {
    expect(() => new CloudflareImagesClient({ ...base, apiToken: '' })).toThrow(/^Missing apiToken/)
  })

  it('rejects token with newline', () => {
    expect(() => new CloudflareImagesClient({ ...base, apiToken: `${TEST_TOKEN}\n` })).toThrow(/^Invalid apiToken: it contains whitespace/)
  })

  it('rejects invalid numbers', () => {
    expect(() => new CloudflareImagesClient({ ...base, timeoutMs: 0 })).toThrow('Invalid timeoutMs 0: expected a number of milliseconds greater than 0.')
    expect(() => new CloudflareImagesClient({ ...base, retry: { maxRetries: -1 } })).toThrow(/^Invalid retry\.maxRetries -1/)
    expect(() => new CloudflareImagesClient({ ...base, retry: { baseDelayMs: Number.NaN } })).toThrow(/^Invalid retry\.baseDelayMs/)
    expect(() => new CloudflareImagesClient({ ...base, rateLimit: { requests: 0, windowMs: 1000 } })).toThrow(/^Invalid rateLimit\.requests 0/)
    expect(() => new CloudflareImagesClient({ ...base, batchRateLimit: { requests: 5, windowMs: -1 } })).toThrow(/^Invalid batchRateLimit\.windowMs -1/)
  })

  it('fills defaults', () => {
    const resolved = resolveClientOptions(base, {})

    expect(resolved.timeoutMs).toBe(60_000)
    expect(resolved.rateLimit).toEqual({ requests: 1200, windowMs: 300_000 })
    expect(resolved.batchRateLimit).toEqual({ requests: 200, windowMs: 1_000 })
    expect(resolved.retry).toEqual({ maxRetries: 5, maxRateLimitRetries: 10, baseDelayMs: 500, maxDelayMs: 30_000, maxTotalRetryMs: 300_000 })
    expect(resolved.batch).toEqual({ origin: 'https://batch.imagedelivery.net', basePath: '' })
  })

  it('pairs batch host with loopback API', () => {
    const resolved = resolveClientOptions({ ...base, apiUrl: 'http://127.0.0.1:8787/client/v4' }, {})
    expect(resolved.batch).toEqual({ origin: 'http://127.0.0.1:8787', basePath: '' })
  })

  it('has no batch host behind a proxy', () => {
    const resolved = resolveClientOptions({ ...base, apiUrl: 'https://images-proxy.example.invalid/client/v4' }, {})
    expect(resolved.batch).toBeUndefined()
  })

  it('keeps an explicit batchUrl behind a proxy', () => {
    const resolved = resolveClientOptions({ ...base, apiUrl: 'https://images-proxy.example.invalid/client/v4', batchUrl: 'https://batch-proxy.example.invalid' }, {})
    expect(resolved.batch).toEqual({ origin: 'https://batch-proxy.example.invalid', basePath: '' })
  })

  it('rejects withBatchToken without batch host', async () => {
    const client = new CloudflareImagesClient({ ...base, apiUrl: 'https://images-proxy.example.invalid/client/v4' })
    await expect(client.withBatchToken()).rejects.toThrow(/^No batch host for this API base/)
  })

  it('allows rate limit off', () => {
    expect(resolveClientOptions({ ...base, rateLimit: false }, {}).rateLimit).toBe(false)
  })
})
