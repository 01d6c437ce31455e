import { afterEach, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/emulator/types.js'
import { api, bearer, closeEmulators, emulator, png, send, uploadForm } from './helpers.js'

afterEach(closeEmulators)

async function batchToken(handle: EmulatorHandle): Promise<string> {
  const answer = await api(handle, '/images/v1/batch_token')
  return answer.json.result.token as string
}

describe('batch host', () => {
  it('uploads with a batch token', async () => {
    const handle = await emulator()
    const token = await batchToken(handle)
    const answer = await send(`${handle.batchUrl}/images/v1`, { method: 'POST', headers: bearer(token), body: uploadForm({ bytes: await png(), id: 'batched' }) })

    expect(answer.status).toBe(200)
    expect(answer.json.result.id).toBe('batched')
    expect(handle.imageIds()).toEqual(['batched'])
  })

  it('serves get, patch, list and delete', async () => {
    const handle = await emulator()
    handle.seed([{ id: 'x/y' }])
    const token = await batchToken(handle)
    const path = `${handle.batchUrl}/images/v1/${encodeURIComponent('x/y')}`

    const got = await send(path, { headers: bearer(token) })
    const patched = await send(path, { method: 'PATCH', headers: bearer(token), body: '{"metadata":{"k":1}}' })
    const listed = await send(`${handle.batchUrl}/images/v2`, { headers: bearer(token) })
    const deleted = await send(path, { method: 'DELETE', headers: bearer(token) })

    expect(got.json.result.id).toBe('x/y')
    expect(patched.json.result.meta).toEqual({ k: 1 })
    expect(listed.json.result.images).toHaveLength(1)
    expect(deleted.status).toBe(200)
  })

  it('rejects the API token', async () => {
    const handle = await emulator()
    const answer = await send(`${handle.batchUrl}/images/v2`, { headers: bearer(handle.token) })

    expect(answer.status).toBe(401)
    expect(answer.json.errors[0].code).toBe(10000)
  })

  it('rejects a missing token', async () => {
    const handle = await emulator()
    const answer = await send(`${handle.batchUrl}/images/v2`)

    expect(answer.status).toBe(401)
  })

  it('has no stats endpoint', async () => {
    const handle = await emulator()
    const token = await batchToken(handle)
    const answer = await send(`${handle.batchUrl}/images/v1/stats`, { headers: bearer(token) })

    expect(answer.status).toBe(404)
    expect(answer.json.errors[0].code).toBe(7003)
  })

  it('skips the account rate limit', async () => {
    const handle = await emulator({ rateLimit: { requests: 2, windowSeconds: 60 } })
    const token = await batchToken(handle)
    const statuses: number[] = []
    for (let index = 0; index < 5; index += 1) {
      const answer = await send(`${handle.batchUrl}/images/v2`, { headers: bearer(token) })
      statuses.push(answer.status)
    }
    const apiAnswer = await api(handle, '/images/v1/stats')

    expect(statuses).toEqual([200, 200, 200, 200, 200])
    expect(apiAnswer.status).toBe(200)
  })

  it('sends no Ratelimit header', async () => {
    const handle = await emulator()
    const token = await batchToken(handle)
    const answer = await send(`${handle.batchUrl}/images/v2`, { headers: bearer(token) })

    expect(answer.headers.ratelimit).toBeUndefined()
  })

  it('is counted as batch', async () => {
    const handle = await emulator()
    const token = await batchToken(handle)
    await send(`${handle.batchUrl}/images/v2`, { headers: bearer(token) })
    await api(handle, '/images/v2')

    expect(handle.count('list-v2', { batch: true })).toBe(1)
    expect(handle.count('list-v2', { batch: false })).toBe(1)
  })
})
