import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CloudflareImagesClient } from '../../src/api/index.js'
import type { ClientOptions, Clock, RetryEvent } from '../../src/api/index.js'
import { startEmulator } from '../../src/emulator/index.js'
import type { EmulatorHandle, EmulatorOptions } from '../../src/emulator/index.js'

/** A token distinctive enough that a search for it in any output cannot match by chance. */
export const TEST_TOKEN = 'tok_7Qm2vX9pL4sR8wN1cZ6yB3'
export const ACCOUNT_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'

/** The smallest valid PNG (1x1), enough for the emulator's format detection. */
export const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e2b1b1a80000000049454e44ae426082',
  'hex',
)

/** A clock whose sleeps advance virtual time at once, recording each requested wait. */
export interface VirtualClock extends Clock {
  sleeps: number[]
  advance(ms: number): void
}

export function createVirtualClock(start = Date.now()): VirtualClock {
  let now = start
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms)
      now += Math.max(0, ms)
    },
    advance: (ms) => {
      now += ms
    },
  }
}

export interface EmulatorClient {
  emulator: EmulatorHandle
  client: CloudflareImagesClient
  clock: VirtualClock
  retries: RetryEvent[]
  close(): Promise<void>
}

/** Starts an emulator with the test token and a client pointed at it, on a virtual clock. */
export async function startEmulatorClient(
  emulatorOptions: EmulatorOptions = {},
  clientOptions: Partial<ClientOptions> = {},
): Promise<EmulatorClient> {
  const emulator = await startEmulator({ accountId: ACCOUNT_ID, token: TEST_TOKEN, ...emulatorOptions })
  const clock = createVirtualClock()
  const retries: RetryEvent[] = []
  const client = new CloudflareImagesClient({
    accountId: emulator.accountId,
    apiToken: emulator.token,
    apiUrl: emulator.apiUrl,
    batchUrl: emulator.batchUrl,
    clock,
    onRetry: (event) => retries.push(event),
    ...clientOptions,
  })
  return {
    emulator,
    client,
    clock,
    retries,
    close: async () => {
      await client.close()
      await emulator.close()
    },
  }
}

export interface ReceivedRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: Buffer
}

export interface TestServer {
  /** API base of this server, for `apiUrl`. */
  apiUrl: string
  origin: string
  received: ReceivedRequest[]
  close(): Promise<void>
}

/** Starts a loopback HTTP server that responds with exact bodies, for response forms the emulator does not produce. */
export async function startTestServer(handler: (request: ReceivedRequest, response: ServerResponse) => void): Promise<TestServer> {
  const received: ReceivedRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) }
      received.push(request)
      handler(request, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  return {
    apiUrl: `${origin}/client/v4`,
    origin,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** Sends a fixed response. */
export function reply(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers })
  response.end(body)
}

export function envelope(result: unknown): string {
  return JSON.stringify({ result, success: true, errors: [], messages: [] })
}

export function clientFor(server: TestServer, options: Partial<ClientOptions> = {}): CloudflareImagesClient {
  return new CloudflareImagesClient({
    accountId: ACCOUNT_ID,
    apiToken: TEST_TOKEN,
    apiUrl: server.apiUrl,
    clock: createVirtualClock(),
    ...options,
  })
}

/** Resolves to the rejection of a promise, failing when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise
  } catch (error) {
    return error as Error & Record<string, unknown>
  }
  throw new Error('expected the promise to reject, but it resolved')
}
