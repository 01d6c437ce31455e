import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { CloudflareImagesClient } from '../../src/api/index.js'
import type { ClientOptions } from '../../src/api/index.js'
import { UploadFailedError, type ImageSource } from '../../src/core/index.js'
import { startEmulator } from '../../src/emulator/index.js'
import type { EmulatorHandle, EmulatorOptions } from '../../src/emulator/index.js'
import { makePng } from './helpers.js'

/** An emulator on loopback plus the clients created for it; `close` stops all of them. */
export interface TestAccount {
  emulator: EmulatorHandle
  client(extra?: Partial<ClientOptions>): CloudflareImagesClient
  close(): Promise<void>
}

export async function startTestAccount(options: EmulatorOptions = {}): Promise<TestAccount> {
  const emulator = await startEmulator({ rateLimit: false, ...options })
  const clients: CloudflareImagesClient[] = []
  return {
    emulator,
    client(extra = {}) {
      const client = new CloudflareImagesClient({
        accountId: emulator.accountId,
        apiToken: emulator.token,
        apiUrl: emulator.apiUrl,
        batchUrl: emulator.batchUrl,
        // Tiny delays: tests count retries, they never wait for them.
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
        rateLimit: false,
        batchRateLimit: false,
        ...extra,
      })
      clients.push(client)
      return client
    },
    async close() {
      await Promise.all(clients.map((client) => client.close()))
      await emulator.close()
    },
  }
}

/** Writes PNG files `img/<seed>.png` of distinct content under `root` and returns their sources. */
export async function writeImages(root: string, seeds: readonly number[]): Promise<ImageSource[]> {
  return Promise.all(
    seeds.map(async (seed) => {
      const name = `img/${seed}.png`
      const path = join(root, name)
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, await makePng(seed))
      return { name, path }
    }),
  )
}

/** Awaits a promise that must reject with `UploadFailedError` and returns that error. */
export async function expectUploadFailure(promise: Promise<unknown>): Promise<UploadFailedError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  if (!(error instanceof UploadFailedError)) throw new Error(`expected an UploadFailedError, got ${String(error)}`)
  return error
}
