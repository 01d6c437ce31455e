import { afterEach, describe, expect, it } from 'vitest'
import { RateLimiter } from '../../src/api/rate-limiter.js'
import { clientFor, createVirtualClock, envelope, reply, startEmulatorClient, startTestServer, type EmulatorClient, type TestServer } from './helpers.js'

const image = (id: string) => ({ id, uploaded: '2026-01-01T00:00:00.000Z', requireSignedURLs: false, variants: [] })

describe('rate limiter', () => {
  it('admits requests within window', async () => {
    const clock = createVirtualClock(0)
    const limiter = new RateLimiter({ requests: 3, windowMs: 1_000 }, clock)

    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()])

    expect(clock.sleeps).toEqual([])
  })

  it('waits for oldest request to leave window', async () => {
    const clock = createVirtualClock(0)
    const limiter = new RateLimiter({ requests: 2, windowMs: 1_000 }, clock)
    await limiter.acquire()
    clock.advance(300)
    await limiter.acquire()

    await limiter.acquire()

    expect(clock.sleeps).toEqual([700])
    expect(clock.now()).toBe(1_000)
  })

  it('holds queued requests during pause', async () => {
    const clock = createVirtualClock(0)
    const limiter = new RateLimiter(false, clock)
    limiter.pauseUntil(5_000)

    await Promise.all([limiter.acquire(), limiter.acquire()])

    expect(clock.sleeps).toEqual([5_000])
    expect(clock.now()).toBe(5_000)
  })

  it('counts requests in flight against server quota', async () => {
    const clock = createVirtualClock(0)
    const limiter = new RateLimiter(false, clock)
    for (let started = 0; started < 4; started += 1) await limiter.acquire()

    // One of the four came back reporting 3 left: the other three in flight take those.
    limiter.observeServerQuota(3, 10_000)
    limiter.release()
    await limiter.acquire()

    expect(clock.sleeps).toEqual([10_000])
  })

  it('starts what the server quota leaves', async () => {
    const clock = createVirtualClock(0)
    const limiter = new RateLimiter(false, clock)
    await limiter.acquire()

    limiter.observeServerQuota(3, 10_000)
    limiter.release()
    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()])

    expect(clock.sleeps).toEqual([])
  })

  it('keeps the lower report of one window', async () => {
    const clock = createVirtualClock(0)
    const limiter = new RateLimiter(false, clock)
    await limiter.acquire()
    await limiter.acquire()

    limiter.observeServerQuota(1, 10_000)
    limiter.release()
    // An older response arrives later and reports more room than the newer one.
    limiter.observeServerQuota(5, 10_000)
    limiter.release()
    await limiter.acquire()
    await limiter.acquire()

    expect(clock.sleeps).toEqual([10_000])
  })

  it('forgets server quota after reset', async () => {
    const clock = createVirtualClock(0)
    const limiter = new RateLimiter(false, clock)
    await limiter.acquire()
    limiter.observeServerQuota(0, 2_000)
    limiter.release()

    clock.advance(2_000)
    await Promise.all([limiter.acquire(), limiter.acquire()])

    expect(clock.sleeps).toEqual([])
  })

  it('keeps the later of two pauses', () => {
    const limiter = new RateLimiter(false, createVirtualClock(0))
    limiter.pauseUntil(5_000)
    limiter.pauseUntil(2_000)

    expect(limiter.pausedUntil).toBe(5_000)
  })
})

describe('client pacing', () => {
  let context: EmulatorClient | undefined
  let server: TestServer | undefined

  afterEach(async () => {
    await context?.close()
    await server?.close()
    context = undefined
    server = undefined
  })

  it('shares one window across requests', async () => {
    context = await startEmulatorClient({}, { rateLimit: { requests: 2, windowMs: 60_000 } })
    const { client, clock, emulator } = context
    emulator.seed([{ id: 'a' }, { id: 'b' }])

    await Promise.all([client.get('a'), client.listPage({ perPage: 10 }), client.get('b')])

    expect(clock.sleeps).toEqual([60_000])
  })

  it('pauses after Ratelimit r=0', async () => {
    const clock = createVirtualClock(1_000_000)
    const arrivals: number[] = []
    server = await startTestServer((request, response) => {
      arrivals.push(clock.now())
      reply(response, 200, envelope(image(request.url.split('/').pop() ?? '')), { 'content-type': 'application/json', ratelimit: '"default";r=0;t=30' })
    })
    const client = clientFor(server, { clock })

    await client.get('a')
    await client.get('b')

    expect(arrivals).toEqual([1_000_000, 1_030_000])
  })

  it('ignores Ratelimit with requests left', async () => {
    const clock = createVirtualClock(0)
    server = await startTestServer((_request, response) => {
      reply(response, 200, envelope(image('a')), { 'content-type': 'application/json', ratelimit: '"default";r=5;t=30' })
    })
    const client = clientFor(server, { clock })

    await client.get('a')
    await client.get('a')

    expect(clock.sleeps).toEqual([])
  })

  it('uses Ratelimit reset on 429 without Retry-After', async () => {
    const retries: number[] = []
    let first = true
    server = await startTestServer((_request, response) => {
      if (first) {
        first = false
        reply(response, 429, '', { ratelimit: '"default";r=0;t=12' })
        return
      }
      reply(response, 200, envelope(image('a')), { 'content-type': 'application/json' })
    })
    const client = clientFor(server, { onRetry: (event) => retries.push(event.delayMs) })

    await client.get('a')

    expect(retries).toEqual([12_000])
  })

  it('holds other requests after a 429', async () => {
    const clock = createVirtualClock(0)
    const arrivals = new Map<string, number>()
    let rateLimitedAt = -1
    server = await startTestServer((request, response) => {
      const id = request.url.split('/').pop() ?? ''
      if (id === 'a' && rateLimitedAt < 0) {
        rateLimitedAt = clock.now()
        reply(response, 429, '', { 'retry-after': '5' })
        return
      }
      arrivals.set(id, clock.now())
      reply(response, 200, envelope(image(id)), { 'content-type': 'application/json' })
    })
    let second: Promise<unknown> | undefined
    const client = clientFor(server, {
      clock,
      // Start another request once the 429 is known, before the first one sleeps.
      onRetry: () => {
        second = client.get('b')
      },
    })

    await client.get('a')
    await second

    expect(arrivals.get('b')).toBeGreaterThanOrEqual(rateLimitedAt + 5_000)
  })
})
