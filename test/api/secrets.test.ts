import { inspect } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { CloudflareImagesClient } from '../../src/api/index.js'
import { SecretSet } from '../../src/api/secrets.js'
import { ACCOUNT_ID, clientFor, rejectionOf, reply, startEmulatorClient, startTestServer, TEST_TOKEN, type EmulatorClient, type TestServer } from './helpers.js'

let context: EmulatorClient | undefined
let server: TestServer | undefined

afterEach(async () => {
  await context?.close()
  await server?.close()
  context = undefined
  server = undefined
})

/** Renders an error in every form that can reach a log or a report. */
function renderings(error: Error): string[] {
  return [
    error.message,
    String(error.stack),
    String(error),
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
    JSON.stringify(error, Object.getOwnPropertyNames(error)),
    inspect((error as { cause?: unknown }).cause, { depth: 10, showHidden: true }),
  ]
}

function expectNoToken(error: Error, token = TEST_TOKEN): void {
  for (const text of renderings(error)) {
    expect(text).not.toContain(token)
  }
}

describe('token secrecy', () => {
  it('keeps token out of 401 error', async () => {
    context = await startEmulatorClient({ token: 'other-token' })
    const { emulator } = context
    const client = new CloudflareImagesClient({ accountId: emulator.accountId, apiToken: TEST_TOKEN, apiUrl: emulator.apiUrl })

    const error = await rejectionOf(client.get('a'))

    expect(error.code).toBe('CF_IMAGES_UNAUTHORIZED')
    expectNoToken(error)
  })

  it('redacts token echoed by server', async () => {
    server = await startTestServer((request, response) => {
      const body = JSON.stringify({ result: null, success: false, errors: [{ code: 6003, message: `Bad header: ${String(request.headers.authorization)}` }], messages: [] })
      reply(response, 400, body, { 'content-type': 'application/json' })
    })

    const error = await rejectionOf(clientFor(server).get('a'))

    expect(error.message).toContain('Bad header: Bearer [redacted]')
    expectNoToken(error)
  })

  it('redacts token echoed in HTML title', async () => {
    server = await startTestServer((request, response) => {
      reply(response, 502, `<html><head><title>${String(request.headers.authorization)}</title></head></html>`, { 'content-type': 'text/html' })
    })

    const error = await rejectionOf(clientFor(server, { retry: { maxRetries: 0 } }).get('a'))

    expectNoToken(error)
  })

  it('redacts token cut off in text body', async () => {
    server = await startTestServer((request, response) => {
      const authorization = String(request.headers.authorization)
      // The message keeps 200 characters of a body, so this puts all but the token's last character inside them.
      reply(response, 401, `${'x'.repeat(201 - authorization.length)}${authorization}`, { 'content-type': 'text/plain' })
    })

    const error = await rejectionOf(clientFor(server).get('a'))

    expectNoToken(error, TEST_TOKEN.slice(0, 8))
  })

  it('redacts token cut off in HTML title', async () => {
    server = await startTestServer((request, response) => {
      const authorization = String(request.headers.authorization)
      reply(response, 401, `<html><title>${'x'.repeat(202 - authorization.length)}${authorization}</title></html>`, { 'content-type': 'text/html' })
    })

    const error = await rejectionOf(clientFor(server).get('a'))

    expectNoToken(error, TEST_TOKEN.slice(0, 8))
  })

  it('redacts token cut off in invalid JSON', async () => {
    server = await startTestServer((request, response) => {
      const authorization = String(request.headers.authorization)
      reply(response, 401, `{"broken": "${'x'.repeat(190 - authorization.length)}${authorization}`, { 'content-type': 'application/json' })
    })

    const error = await rejectionOf(clientFor(server).get('a'))

    expectNoToken(error, TEST_TOKEN.slice(0, 8))
  })

  it('redacts cut-off token prefix', () => {
    const secrets = new SecretSet()
    secrets.add('tok_ABCDEFGHIJKLMNOPQRSTUV')

    const redacted = secrets.redact('header: Bearer tok_ABCDEFGHIJ…')

    expect(redacted).toBe('header: Bearer [redacted]…')
  })

  it('keeps words of short test tokens', () => {
    const secrets = new SecretSet()
    secrets.add('emulator-token')

    const redacted = secrets.redact('Bad Request (emulator fault)')

    expect(redacted).toBe('Bad Request (emulator fault)')
  })

  it('keeps short token-like words', () => {
    const secrets = new SecretSet()
    secrets.add('tok_ABCDEFGHIJKLMNOPQRSTUV')

    const redacted = secrets.redact('word tok_ABC stays')

    expect(redacted).toBe('word tok_ABC stays')
  })

  it('keeps token out of network error', async () => {
    server = await startTestServer(() => {})
    const apiUrl = server.apiUrl
    await server.close()
    server = undefined
    const client = new CloudflareImagesClient({ accountId: ACCOUNT_ID, apiToken: TEST_TOKEN, apiUrl })

    const error = await rejectionOf(client.get('a'))

    expect(error.code).toBe('CF_IMAGES_NETWORK_ERROR')
    expect(error.retryable).toBe(false)
    expect(error.message).toContain('ECONNREFUSED')
    expectNoToken(error)
  })

  it('keeps token out of retry logs', async () => {
    const lines: string[] = []
    const log = (line: string) => lines.push(line)
    context = await startEmulatorClient({}, { logger: { info: log, warn: log, error: log, debug: log } })
    context.emulator.seed([{ id: 'a' }])
    context.emulator.injectFault({ endpoint: 'get', times: 2, response: { kind: 'status', status: 503 } })

    await context.client.get('a')

    expect(lines).toHaveLength(2)
    expect(lines.join('\n')).not.toContain(TEST_TOKEN)
  })

  it('keeps batch token out of errors', async () => {
    context = await startEmulatorClient()
    const token = (await context.client.batchToken()).token
    const batch = await context.client.withBatchToken()
    context.emulator.injectFault({ endpoint: 'get', batch: true, response: { kind: 'status', status: 500 } })

    const error = await rejectionOf(batch.get('missing'))

    expectNoToken(error)
    expectNoToken(error, token)
  })

  it('keeps token out of inspected client', () => {
    const client = new CloudflareImagesClient({ accountId: ACCOUNT_ID, apiToken: TEST_TOKEN, apiUrl: 'http://127.0.0.1:1/client/v4' })

    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(TEST_TOKEN)
    expect(JSON.stringify(client)).not.toContain(TEST_TOKEN)
  })

  it('keeps token out of option errors', () => {
    const error = rejectionOfSync(() => new CloudflareImagesClient({ accountId: TEST_TOKEN, apiToken: TEST_TOKEN }))

    expect(error.message).toMatch(/^Invalid accountId/)
    expectNoToken(error)
  })
})

function rejectionOfSync(action: () => unknown): Error {
  try {
    action()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the action to throw')
}
