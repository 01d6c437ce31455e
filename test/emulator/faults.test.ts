import { afterEach, describe, expect, it } from 'vitest'
import { request } from 'undici'
import { parseFaultSpec } from '../../src/emulator/fault-spec.js'
import type { FaultRule } from '../../src/emulator/types.js'
import { api, closeEmulators, emulator, png, upload } from './helpers.js'

afterEach(closeEmulators)

describe('status faults', () => {
  it('answers a JSON envelope', async () => {
    const handle = await emulator()
    handle.injectFault({ endpoint: 'stats', response: { kind: 'status', status: 503 } })
    const answer = await api(handle, '/images/v1/stats')

    expect(answer.status).toBe(503)
    expect(answer.json.success).toBe(false)
    expect(typeof answer.json.errors[0].code).toBe('number')
  })

  it.each([
    [400, 5400],
    [401, 10000],
    [403, 5403],
    [404, 5404],
    [409, 5409],
    [413, 5413],
    [415, 5415],
    [429, 971],
    [502, 10001],
  ])('status %i gets code %i', async (status, code) => {
    const handle = await emulator()
    handle.injectFault({ endpoint: 'stats', response: { kind: 'status', status } })
    const answer = await api(handle, '/images/v1/stats')

    expect(answer.json.errors[0].code).toBe(code)
  })

  it('answers an HTML page', async () => {
    const handle = await emulator()
    handle.injectFault({ endpoint: 'upload', response: { kind: 'status', status: 502, body: 'html' } })
    const answer = await upload(handle, { bytes: await png() })

    expect(answer.status).toBe(502)
    expect(answer.headers['content-type']).toMatch(/^text\/html/)
    expect(answer.text).toMatch(/<html>/)
  })

  it('answers plain text', async () => {
    const handle = await emulator()
    handle.injectFault({ endpoint: 'get', response: { kind: 'status', status: 404, body: 'text', cfCode: 5404 } })
    const answer = await api(handle, '/images/v1/any')

    expect(answer.text).toBe('ERROR 5404: Not Found')
  })

  it('answers an empty body', async () => {
    const handle = await emulator()
    handle.injectFault({ endpoint: 'stats', response: { kind: 'status', status: 500, body: 'empty' } })
    const answer = await api(handle, '/images/v1/stats')

    expect(answer.status).toBe(500)
    expect(answer.text).toBe('')
  })

  it('sends 429 with the given headers', async () => {
    const handle = await emulator()
    handle.injectFault({ endpoint: 'stats', response: { kind: 'status', status: 429, headers: { 'retry-after': '7' } } })
    const answer = await api(handle, '/images/v1/stats')

    expect(answer.headers['retry-after']).toBe('7')
    expect(answer.json.errors[0].code).toBe(971)
  })

  it('answers 429 without Retry-After', async () => {
    const handle = await emulator()
    handle.injectFault({ endpoint: 'stats', response: { kind: 'status', status: 429 } })
    const answer = await api(handle, '/images/v1/stats')

    expect(answer.status).toBe(429)
    expect(answer.headers['retry-after']).toBeUndefined()
  })
})

describe('other faults', () => {
  it('answers success:false with 200', async () => {
    const handle = await emulator()
    handle.injectFault({ endpoint: 'upload', response: { kind: 'success-false', cfCode: 5400 } })
    const answer = await upload(handle, { bytes: await png(), id: 'never-stored' })

    expect(answer.status).toBe(200)
    expect(answer.json.success).toBe(false)
    expect(answer.json.errors[0].code).toBe(5400)
    expect(handle.imageIds()).toEqual([])
  })

  it('resets the connection', async () => {
    const handle = await emulator()
    handle.injectFault({ endpoint: 'upload', response: { kind: 'reset' } })
    const failure = await upload(handle, { bytes: await png() }).then(
      () => undefined,
      (error: Error & { code?: string }) => error,
    )

    expect(failure).toBeInstanceOf(Error)
    expect(handle.count('upload', { status: 0 })).toBe(1)
  })

  // The delayed request is sent first; a later request overtaking it shows the delay
  // without measuring time.
  it('delays and then answers', async () => {
    const handle = await emulator()
    handle.injectFault({ endpoint: 'stats', response: { kind: 'delay', ms: 300 } })
    const delayed = api(handle, '/images/v1/stats')
    await api(handle, '/images/v1/variants')
    const answer = await delayed

    expect(answer.status).toBe(200)
    expect(handle.requests().map((recorded) => recorded.endpoint)).toEqual(['variants-list', 'stats'])
  })

  it('adds latency per endpoint', async () => {
    const handle = await emulator({ latencyMs: { upload: 300 } })
    const slow = upload(handle, { bytes: await png() })
    await api(handle, '/images/v1/stats')
    const answer = await slow

    expect(answer.status).toBe(200)
    expect(handle.requests().map((recorded) => recorded.endpoint)).toEqual(['stats', 'upload'])
  })
})

describe('fault matching', () => {
  it('answers `times` requests', async () => {
    const handle = await emulator()
    handle.injectFault({ endpoint: 'stats', times: 2, response: { kind: 'status', status: 500 } })
    const statuses: number[] = []
    for (let index = 0; index < 3; index += 1) statuses.push((await api(handle, '/images/v1/stats')).status)

    expect(statuses).toEqual([500, 500, 200])
  })

  it('leaves other endpoints alone', async () => {
    const handle = await emulator()
    handle.injectFault({ endpoint: 'upload', response: { kind: 'status', status: 500 } })
    const answer = await api(handle, '/images/v1/stats')

    expect(answer.status).toBe(200)
  })

  it('matches method and path', async () => {
    const handle = await emulator()
    handle.seed([{ id: 'target' }, { id: 'other' }])
    handle.injectFault({ method: 'delete', pathIncludes: '/target', response: { kind: 'status', status: 503 } })
    const getTarget = await api(handle, '/images/v1/target')
    const deleteOther = await api(handle, '/images/v1/other', { method: 'DELETE' })
    const deleteTarget = await api(handle, '/images/v1/target', { method: 'DELETE' })

    expect(getTarget.status).toBe(200)
    expect(deleteOther.status).toBe(200)
    expect(deleteTarget.status).toBe(503)
  })

  it('matches the batch host only', async () => {
    const handle = await emulator()
    handle.injectFault({ batch: true, response: { kind: 'status', status: 503 } })
    const apiAnswer = await api(handle, '/images/v2')
    const token = (await api(handle, '/images/v1/batch_token')).json.result.token
    const batchAnswer = await request(`${handle.batchUrl}/images/v2`, { headers: { authorization: `Bearer ${token}` } })
    await batchAnswer.body.dump()

    expect(apiAnswer.status).toBe(200)
    expect(batchAnswer.statusCode).toBe(503)
  })

  it('takes faults from options', async () => {
    const handle = await emulator({ faults: [{ endpoint: 'stats', response: { kind: 'status', status: 504 } }] })
    const answer = await api(handle, '/images/v1/stats')

    expect(answer.status).toBe(504)
  })

  it('clears queued faults', async () => {
    const handle = await emulator()
    handle.injectFault({ endpoint: 'stats', times: 5, response: { kind: 'status', status: 500 } })
    handle.clearFaults()
    const answer = await api(handle, '/images/v1/stats')

    expect(answer.status).toBe(200)
  })

  it('rejects times of 0', async () => {
    const handle = await emulator()

    expect(() => handle.injectFault({ times: 0, response: { kind: 'reset' } })).toThrow(TypeError)
  })
})

describe('parseFaultSpec', () => {
  const cases: Array<[string, FaultRule]> = [
    ['upload=503', { endpoint: 'upload', response: { kind: 'status', status: 503, body: 'json' } }],
    ['upload=502:htmlx3', { endpoint: 'upload', times: 3, response: { kind: 'status', status: 502, body: 'html' } }],
    ['get=reset', { endpoint: 'get', response: { kind: 'reset' } }],
    ['list-v2=delay:250', { endpoint: 'list-v2', response: { kind: 'delay', ms: 250 } }],
    ['*=success-falsexalways', { times: Infinity, response: { kind: 'success-false' } }],
    ['stats=500:text', { endpoint: 'stats', response: { kind: 'status', status: 500, body: 'text' } }],
    ['{"method":"DELETE","response":{"kind":"reset"}}', { method: 'DELETE', response: { kind: 'reset' } }],
  ]
  for (const [spec, rule] of cases) {
    it(`parses ${spec}`, () => {
      expect(parseFaultSpec(spec)).toEqual(rule)
    })
  }

  const invalid = ['upload', 'uploads=500', 'upload=teapot', 'upload=999', 'upload=500x0', '{"response":{}}', '{bad json']
  for (const spec of invalid) {
    it(`rejects ${spec}`, () => {
      expect(() => parseFaultSpec(spec)).toThrow(TypeError)
    })
  }
})
