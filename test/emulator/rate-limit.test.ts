import { afterEach, describe, expect, it } from 'vitest'
import { FixedWindowRateLimiter } from '../../src/emulator/rate-limiter.js'
import { api, closeEmulators, emulator, send } from './helpers.js'

afterEach(closeEmulators)

describe('account rate limit', () => {
  it('answers 429 after the limit', async () => {
    const handle = await emulator({ rateLimit: { requests: 5, windowSeconds: 60 } })
    const statuses: number[] = []
    for (let index = 0; index < 7; index += 1) statuses.push((await api(handle, '/images/v1/stats')).status)

    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429])
  })

  it('sends code 971 and Retry-After', async () => {
    const handle = await emulator({ rateLimit: { requests: 1, windowSeconds: 60 } })
    await api(handle, '/images/v1/stats')
    const limited = await api(handle, '/images/v1/stats')
    const retryAfter = Number(limited.headers['retry-after'])

    expect(limited.json.errors[0].code).toBe(971)
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(limited.headers.ratelimit).toMatch(/^"default";r=0;t=\d+$/)
    expect(limited.headers['ratelimit-policy']).toBe('"default";q=1;w=60')
  })

  it('sends Ratelimit on normal answers', async () => {
    const handle = await emulator({ rateLimit: { requests: 5, windowSeconds: 60 } })
    const first = await api(handle, '/images/v1/stats')
    const second = await api(handle, '/images/v1/stats')

    expect(first.headers.ratelimit).toMatch(/^"default";r=4;t=\d+$/)
    expect(second.headers.ratelimit).toMatch(/^"default";r=3;t=\d+$/)
    expect(first.headers['ratelimit-policy']).toBe('"default";q=5;w=60')
  })

  it('counts failed requests too', async () => {
    const handle = await emulator({ rateLimit: { requests: 2, windowSeconds: 60 } })
    await api(handle, '/images/v1/missing')
    await send(`${handle.apiUrl}/accounts/${handle.accountId}/images/v1/stats`)
    const third = await api(handle, '/images/v1/stats')

    expect(third.status).toBe(429)
  })

  it('ignores delivery requests', async () => {
    const handle = await emulator({ rateLimit: { requests: 1, windowSeconds: 60 } })
    handle.seed([{ id: 'seen' }])
    for (let index = 0; index < 3; index += 1) await send(`${handle.deliveryUrl}/${handle.accountHash}/seen/public`)
    const answer = await api(handle, '/images/v1/stats')

    expect(answer.status).toBe(200)
  })

  it('uses 1200 per 300 s by default', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v1/stats')

    expect(answer.headers['ratelimit-policy']).toBe('"default";q=1200;w=300')
  })

  it('turns off with false', async () => {
    const handle = await emulator({ rateLimit: false })
    const answer = await api(handle, '/images/v1/stats')

    expect(answer.headers.ratelimit).toBeUndefined()
  })
})

describe('FixedWindowRateLimiter', () => {
  it('opens a new window after the old one', () => {
    let now = 0
    const limiter = new FixedWindowRateLimiter(2, 10, () => now)
    const decisions = [limiter.take(), limiter.take(), limiter.take()]
    now = 10_000
    const afterWindow = limiter.take()

    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, false])
    expect(afterWindow.allowed).toBe(true)
    expect(afterWindow.remaining).toBe(1)
  })

  it('reports seconds until reset', () => {
    let now = 0
    const limiter = new FixedWindowRateLimiter(1, 10, () => now)
    limiter.take()
    now = 2_500
    const decision = limiter.take()

    expect(decision.resetSeconds).toBe(8)
  })
})
