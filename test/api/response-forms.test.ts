import { afterEach, describe, expect, it } from 'vitest'
import { CloudflareImagesError } from '../../src/api/index.js'
import { clientFor, envelope, PNG_1X1, rejectionOf, reply, startTestServer, type TestServer } from './helpers.js'

const image = { id: 'img-1', filename: 'a.png', uploaded: '2026-01-01T00:00:00.000Z', requireSignedURLs: false, variants: [] }

let server: TestServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

async function serve(status: number, body: string, headers: Record<string, string> = {}): Promise<TestServer> {
  server = await startTestServer((_request, response) => reply(response, status, body, headers))
  return server
}

const noRetry = { retry: { maxRetries: 0, maxRateLimitRetries: 0 } }

describe('response forms', () => {
  it('accepts success with result_info null', async () => {
    const test = await serve(200, JSON.stringify({ result: image, result_info: null, success: true, errors: [], messages: [] }), { 'content-type': 'application/json' })
    const result = await clientFor(test).get('img-1')
    expect(result.id).toBe('img-1')
  })

  it('accepts success without result_info', async () => {
    const test = await serve(200, envelope(image), { 'content-type': 'application/json' })
    const result = await clientFor(test).get('img-1')
    expect(result.filename).toBe('a.png')
  })

  it('parses JSON 409 into already-exists', async () => {
    const body = JSON.stringify({ result: null, success: false, errors: [{ code: 5409, message: 'Resource already exists' }], messages: [] })
    const test = await serve(409, body, { 'content-type': 'application/json' })
    const error = await rejectionOf(clientFor(test).upload({ file: PNG_1X1, filename: 'a.png', id: 'img-1' }))

    expect(error).toBeInstanceOf(CloudflareImagesError)
    expect(error.name).toBe('CloudflareImagesError')
    expect(error.code).toBe('CF_IMAGES_ALREADY_EXISTS')
    expect(error.status).toBe(409)
    expect(error.cloudflareCodes).toEqual([5409])
    expect(error.method).toBe('POST')
    expect(error.url).toBe(`${test.apiUrl}/accounts/a1b2c3d4e5f60718293a4b5c6d7e8f90/images/v1`)
    expect(error.retryable).toBe(false)
    expect(error.message).toBe(`POST ${test.apiUrl}/accounts/a1b2c3d4e5f60718293a4b5c6d7e8f90/images/v1 failed: 409 Conflict, Cloudflare error 5409: Resource already exists.`)
  })

  it('flattens error_chain', async () => {
    const body = JSON.stringify({
      result: null,
      success: false,
      errors: [{ code: 6003, message: 'Invalid request headers', error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }] }],
      messages: [],
    })
    const test = await serve(400, body, { 'content-type': 'application/json' })
    const error = await rejectionOf(clientFor(test).get('img-1'))

    expect(error.code).toBe('CF_IMAGES_BAD_REQUEST')
    expect(error.cloudflareCodes).toEqual([6003, 6111])
    expect(error.errors).toEqual([
      { code: 6003, message: 'Invalid request headers' },
      { code: 6111, message: 'Invalid format for Authorization header' },
    ])
    expect(error.message).toContain('Cloudflare error 6111: Invalid format for Authorization header')
  })

  it('parses text/plain ERROR line', async () => {
    const test = await serve(404, 'ERROR 5404: Image not found', { 'content-type': 'text/plain', 'cf-images': 'err=5404' })
    const error = await rejectionOf(clientFor(test).get('missing'))

    expect(error.code).toBe('CF_IMAGES_NOT_FOUND')
    expect(error.cloudflareCodes).toEqual([5404])
    expect(error.message).toContain('404 Not Found, Cloudflare error 5404: Image not found')
  })

  it('reads cf-images header alone', async () => {
    const test = await serve(404, '', { 'cf-images': 'err=5404' })
    const error = await rejectionOf(clientFor(test).get('missing'))

    expect(error.code).toBe('CF_IMAGES_NOT_FOUND')
    expect(error.cloudflareCodes).toEqual([5404])
  })

  it('summarises HTML page by title', async () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>${'<p>filler</p>'.repeat(500)}</body></html>`
    const test = await serve(502, page, { 'content-type': 'text/html' })
    const error = await rejectionOf(clientFor(test, noRetry).get('img-1'))

    expect(error.code).toBe('CF_IMAGES_SERVER_ERROR')
    expect(error.message).toContain('502 Bad Gateway, HTML page "502 Bad Gateway"')
    expect(error.message).not.toContain('filler')
    expect(error.retryable).toBe(true)
  })

  it('describes empty error body', async () => {
    const test = await serve(503, '')
    const error = await rejectionOf(clientFor(test, noRetry).get('img-1'))

    expect(error.code).toBe('CF_IMAGES_SERVER_ERROR')
    expect(error.message).toContain('503 Service Unavailable, empty body')
  })

  it('rejects empty success body', async () => {
    const test = await serve(200, '')
    const error = await rejectionOf(clientFor(test).get('img-1'))

    expect(error.code).toBe('CF_IMAGES_INVALID_RESPONSE')
    expect(error.retryable).toBe(false)
  })

  it('rejects invalid JSON', async () => {
    const test = await serve(200, '{"result": {"id": "img-1"', { 'content-type': 'application/json' })
    const error = await rejectionOf(clientFor(test).get('img-1'))

    expect(error.code).toBe('CF_IMAGES_INVALID_RESPONSE')
    expect(error.message).toContain('invalid JSON body')
  })

  it('rejects 200 with success false', async () => {
    const body = JSON.stringify({ result: null, success: false, errors: [{ code: 5400, message: 'Bad request' }], messages: [] })
    const test = await serve(200, body, { 'content-type': 'application/json' })
    const error = await rejectionOf(clientFor(test).get('img-1'))

    expect(error.code).toBe('CF_IMAGES_BAD_REQUEST')
    expect(error.status).toBe(200)
    expect(error.message).toContain('200 OK, success is false, Cloudflare error 5400: Bad request')
  })

  it('rejects upload success without id', async () => {
    const test = await serve(200, envelope({ filename: 'a.png' }), { 'content-type': 'application/json' })
    const error = await rejectionOf(clientFor(test).upload({ file: PNG_1X1, filename: 'a.png' }))

    expect(error.code).toBe('CF_IMAGES_INVALID_RESPONSE')
    expect(error.message).toContain('success response without result.id')
  })

  it('rejects get success without id', async () => {
    const test = await serve(200, envelope(null), { 'content-type': 'application/json' })
    const error = await rejectionOf(clientFor(test).get('img-1'))

    expect(error.code).toBe('CF_IMAGES_INVALID_RESPONSE')
  })

  it('rejects JSON without success field', async () => {
    const test = await serve(200, JSON.stringify({ id: 'img-1' }), { 'content-type': 'application/json' })
    const error = await rejectionOf(clientFor(test).get('img-1'))

    expect(error.code).toBe('CF_IMAGES_INVALID_RESPONSE')
    expect(error.message).toContain('JSON body without a success field')
  })

  it('maps statuses to codes', async () => {
    const cases: Array<[number, string]> = [
      [400, 'CF_IMAGES_BAD_REQUEST'],
      [401, 'CF_IMAGES_UNAUTHORIZED'],
      [403, 'CF_IMAGES_FORBIDDEN'],
      [404, 'CF_IMAGES_NOT_FOUND'],
      [413, 'CF_IMAGES_TOO_LARGE'],
      [415, 'CF_IMAGES_UNSUPPORTED_MEDIA'],
      [418, 'CF_IMAGES_HTTP_ERROR'],
      [429, 'CF_IMAGES_RATE_LIMITED'],
      [500, 'CF_IMAGES_SERVER_ERROR'],
    ]
    let status = 0
    server = await startTestServer((_request, response) => reply(response, status, JSON.stringify({ result: null, success: false, errors: [], messages: [] })))
    const client = clientFor(server, noRetry)

    for (const [caseStatus, code] of cases) {
      status = caseStatus
      const error = await rejectionOf(client.get('img-1'))
      expect(error.code, `status ${caseStatus}`).toBe(code)
    }
  })
})
