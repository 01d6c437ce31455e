import { afterEach, describe, expect, it } from 'vitest'
import { api, closeEmulators, emulator, png, send, upload } from './helpers.js'

afterEach(closeEmulators)

describe('request counting', () => {
  it('counts by endpoint and status', async () => {
    const handle = await emulator()
    const bytes = await png()
    await upload(handle, { bytes, id: 'one' })
    await upload(handle, { bytes, id: 'one' })
    await upload(handle, { bytes, id: 'two' })

    expect(handle.count('upload')).toBe(3)
    expect(handle.count('upload', { status: 200 })).toBe(2)
    expect(handle.count('upload', { status: 409 })).toBe(1)
    expect(handle.count('get')).toBe(0)
  })

  it('records requests in order', async () => {
    const handle = await emulator()
    await api(handle, '/images/v1/stats')
    await api(handle, '/images/v1/missing')

    expect(handle.requests()).toEqual([
      { endpoint: 'stats', method: 'GET', path: `/client/v4/accounts/${handle.accountId}/images/v1/stats`, batch: false, status: 200 },
      { endpoint: 'get', method: 'GET', path: `/client/v4/accounts/${handle.accountId}/images/v1/missing`, batch: false, status: 404 },
    ])
  })

  it('records unknown routes', async () => {
    const handle = await emulator()
    await send(`${handle.batchUrl}/favicon.ico`)

    expect(handle.requests()[0]?.endpoint).toBe('unknown')
  })

  it('counts rejected requests', async () => {
    const handle = await emulator()
    await send(`${handle.apiUrl}/accounts/${handle.accountId}/images/v1/stats`)

    expect(handle.count('stats', { status: 401 })).toBe(1)
  })

  it('starts again after resetCounts', async () => {
    const handle = await emulator()
    await api(handle, '/images/v1/stats')
    handle.resetCounts()
    await api(handle, '/images/v1/stats')

    expect(handle.count('stats')).toBe(1)
    expect(handle.requests()).toHaveLength(1)
  })

  it('reports each request to onRequest', async () => {
    const seen: string[] = []
    const handle = await emulator({ onRequest: (request) => seen.push(`${request.method} ${request.endpoint} ${request.status}`) })
    await api(handle, '/images/v1/stats')

    expect(seen).toEqual(['GET stats 200'])
  })
})

describe('imageIds', () => {
  it('lists uploads and seeds', async () => {
    const handle = await emulator()
    handle.seed([{ id: 'seeded', uploaded: '2020-01-01T00:00:00.000Z' }])
    await upload(handle, { bytes: await png(), id: 'uploaded' })

    expect(handle.imageIds()).toEqual(['seeded', 'uploaded'])
  })
})
