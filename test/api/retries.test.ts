import { afterEach, describe, expect, it } from 'vitest'
import { PNG_1X1, rejectionOf, startEmulatorClient, type EmulatorClient } from './helpers.js'

let context: EmulatorClient | undefined

afterEach(async () => {
  await context?.close()
  context = undefined
})

async function seeded(clientOptions = {}): Promise<EmulatorClient> {
  context = await startEmulatorClient({}, clientOptions)
  context.emulator.seed([{ id: 'img-1', bytes: PNG_1X1, filename: 'a.png' }])
  return context
}

describe('retries', () => {
  it('retries 429 with Retry-After', async () => {
    const { client, emulator, retries } = await seeded()
    emulator.injectFault({ endpoint: 'get', response: { kind: 'status', status: 429, headers: { 'retry-after': '7' } } })

    const image = await client.get('img-1')

    expect(image.id).toBe('img-1')
    expect(emulator.count('get')).toBe(2)
    expect(retries).toHaveLength(1)
    expect(retries[0]?.reason).toBe('rate-limited')
    expect(retries[0]?.delayMs).toBe(7000)
    expect(retries[0]?.status).toBe(429)
    expect(retries[0]?.attempt).toBe(1)
  })

  it('honours Retry-After HTTP date', async () => {
    const { client, emulator, clock, retries } = await seeded()
    const start = clock.now()
    // HTTP dates have whole seconds: round up so the wait is positive.
    const retryAt = new Date(Math.ceil((start + 60_000) / 1000) * 1000)
    emulator.injectFault({ endpoint: 'get', response: { kind: 'status', status: 429, headers: { 'retry-after': retryAt.toUTCString() } } })

    await client.get('img-1')

    expect(retries[0]?.delayMs).toBe(retryAt.getTime() - start)
  })

  it('retries 429 without Retry-After', async () => {
    const { client, emulator, retries } = await seeded({ random: () => 0.5, retry: { baseDelayMs: 100 } })
    emulator.injectFault({ endpoint: 'get', times: 2, response: { kind: 'status', status: 429 } })

    await client.get('img-1')

    expect(emulator.count('get')).toBe(3)
    expect(retries.map((event) => event.delayMs)).toEqual([50, 100])
  })

  it('retries 5xx with HTML body', async () => {
    const { client, emulator, retries } = await seeded()
    emulator.injectFault({ endpoint: 'get', times: 2, response: { kind: 'status', status: 502, body: 'html' } })

    await client.get('img-1')

    expect(emulator.count('get')).toBe(3)
    expect(retries.map((event) => event.reason)).toEqual(['server-error', 'server-error'])
  })

  it('retries connection reset', async () => {
    const { client, emulator, retries } = await seeded()
    emulator.injectFault({ endpoint: 'get', response: { kind: 'reset' } })

    await client.get('img-1')

    expect(emulator.count('get')).toBe(2)
    expect(retries[0]?.reason).toBe('network-error')
    expect(retries[0]?.status).toBeUndefined()
  })

  it('retries timeout', async () => {
    const { client, emulator, retries } = await seeded({ timeoutMs: 100 })
    emulator.injectFault({ endpoint: 'get', response: { kind: 'delay', ms: 1_000 } })

    const image = await client.get('img-1')

    // The emulator records the delayed request only once it responds, so count the retries instead.
    expect(image.id).toBe('img-1')
    expect(retries).toHaveLength(1)
    expect(retries[0]?.reason).toBe('timeout')
  })

  it('retries success false with unknown code', async () => {
    const { client, emulator, retries } = await seeded()
    emulator.injectFault({ endpoint: 'get', response: { kind: 'success-false', cfCode: 10001 } })

    await client.get('img-1')

    expect(emulator.count('get')).toBe(2)
    expect(retries[0]?.reason).toBe('server-error')
  })

  it('keeps success false with client code final', async () => {
    const { client, emulator } = await seeded()
    emulator.injectFault({ endpoint: 'get', response: { kind: 'success-false', cfCode: 5400 } })

    const error = await rejectionOf(client.get('img-1'))

    expect(error.code).toBe('CF_IMAGES_BAD_REQUEST')
    expect(emulator.count('get')).toBe(1)
  })

  for (const status of [400, 403, 404, 409]) {
    it(`does not retry ${status}`, async () => {
      const { client, emulator, retries } = await seeded()
      emulator.injectFault({ endpoint: 'get', response: { kind: 'status', status } })

      const error = await rejectionOf(client.get('img-1'))

      expect(error.status).toBe(status)
      expect(emulator.count('get')).toBe(1)
      expect(retries).toHaveLength(0)
    })
  }

  it('does not retry real 404', async () => {
    const { client, emulator } = await seeded()

    const error = await rejectionOf(client.get('missing'))

    expect(error.code).toBe('CF_IMAGES_NOT_FOUND')
    expect(emulator.count('get')).toBe(1)
  })

  it('stops after failure budget', async () => {
    const { client, emulator } = await seeded({ retry: { maxRetries: 2 } })
    emulator.injectFault({ endpoint: 'get', times: 10, response: { kind: 'status', status: 503 } })

    const error = await rejectionOf(client.get('img-1'))

    expect(emulator.count('get')).toBe(3)
    expect(error.attempts).toBe(3)
    expect(error.message).toMatch(/^GET \S+ failed after 3 attempts: 503 Service Unavailable, /)
  })

  it('keeps 429 budget separate', async () => {
    const { client, emulator } = await seeded({ retry: { maxRetries: 1, maxRateLimitRetries: 3 } })
    emulator.injectFault({ endpoint: 'get', times: 3, response: { kind: 'status', status: 429, headers: { 'retry-after': '1' } } })
    emulator.injectFault({ endpoint: 'get', times: 1, response: { kind: 'status', status: 503 } })

    const image = await client.get('img-1')

    expect(image.id).toBe('img-1')
    expect(emulator.count('get')).toBe(5)
  })

  it('stops after 429 budget', async () => {
    const { client, emulator } = await seeded({ retry: { maxRateLimitRetries: 2 } })
    emulator.injectFault({ endpoint: 'get', times: 10, response: { kind: 'status', status: 429, headers: { 'retry-after': '1' } } })

    const error = await rejectionOf(client.get('img-1'))

    expect(error.code).toBe('CF_IMAGES_RATE_LIMITED')
    expect(emulator.count('get')).toBe(3)
  })

  it('caps total retry wait', async () => {
    const { client, emulator, retries } = await seeded({ retry: { maxTotalRetryMs: 10_000 } })
    emulator.injectFault({ endpoint: 'get', times: 10, response: { kind: 'status', status: 429, headers: { 'retry-after': '4' } } })

    const error = await rejectionOf(client.get('img-1'))

    expect(error.code).toBe('CF_IMAGES_RATE_LIMITED')
    expect(retries).toHaveLength(2)
    expect(emulator.count('get')).toBe(3)
  })

  it('bounds backoff by maxDelayMs', async () => {
    const { client, emulator, retries } = await seeded({ random: () => 0.999, retry: { baseDelayMs: 1_000, maxDelayMs: 3_000, maxRetries: 4 } })
    emulator.injectFault({ endpoint: 'get', times: 4, response: { kind: 'status', status: 500 } })

    await client.get('img-1')

    expect(retries.map((event) => event.delayMs)).toEqual([999, 1998, 2997, 2997])
  })

  it('retries upload after reset', async () => {
    const { client, emulator } = await seeded()
    emulator.injectFault({ endpoint: 'upload', response: { kind: 'reset' } })

    const image = await client.upload({ file: PNG_1X1, filename: 'b.png', id: 'img-2' })

    expect(image.id).toBe('img-2')
    expect(emulator.count('upload')).toBe(2)
  })

  it('logs one debug line per retry', async () => {
    const lines: string[] = []
    const logger = { info: () => {}, warn: () => {}, error: () => {}, debug: (line: string) => lines.push(line) }
    const { client, emulator } = await seeded({ logger })
    emulator.injectFault({ endpoint: 'get', times: 2, response: { kind: 'status', status: 503, body: 'html' } })

    await client.get('img-1')

    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^Retrying GET http:\/\/127\.0\.0\.1:\d+\/client\/v4\/accounts\/[0-9a-f]{32}\/images\/v1\/img-1 in \d+ ms after attempt 1: 503 Service Unavailable \(CF_IMAGES_SERVER_ERROR\)$/)
  })
})
