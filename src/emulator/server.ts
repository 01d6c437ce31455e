import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { defaultAccountSettings } from './account-settings.js'
import { DiskBackend } from './disk-backend.js'
import { FaultQueue } from './faults.js'
import { inspectImage, CONTENT_TYPES } from './image-format.js'
import { ImageStore } from './image-store.js'
import { resolveEmulatorOptions } from './options.js'
import { FixedWindowRateLimiter } from './rate-limiter.js'
import { handleRequest } from './request-pipeline.js'
import type { EmulatorState } from './state.js'
import { MemoryBackend } from './store-backend.js'
import type { StoredImage } from './stored-image.js'
import type { EmulatorEndpoint, EmulatorHandle, EmulatorOptions, RecordedRequest } from './types.js'

/**
 * Starts a local Cloudflare Images API on loopback. Resolves once the server listens; the
 * handle carries the URLs and credentials to point a client at it.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const resolved = resolveEmulatorOptions(options)
  const backend = resolved.dir ? new DiskBackend(resolved.dir, resolved.logger) : new MemoryBackend()
  const store = new ImageStore(backend)

  // A flag given at start wins over the stored setting; otherwise the stored one stays.
  const settings = backend.loadAccountSettings() ?? defaultAccountSettings(false)
  if (resolved.flexibleVariants !== undefined) settings.flexibleVariants = resolved.flexibleVariants

  const state: EmulatorState = {
    accountId: resolved.accountId,
    accountHash: resolved.accountHash,
    token: resolved.token,
    store,
    settings,
    saveSettings: () => backend.saveAccountSettings(settings),
    batchTokens: new Map(),
    plainTextNotFound: resolved.plainTextNotFound,
  }

  const faults = new FaultQueue()
  for (const rule of resolved.faults ?? []) faults.add(rule)

  let recorded: RecordedRequest[] = []
  const record = (request: RecordedRequest, durationMs: number) => {
    recorded.push(request)
    resolved.onRequest?.({ ...request, durationMs })
  }

  const rateLimiter = resolved.rateLimit ? new FixedWindowRateLimiter(resolved.rateLimit.requests, resolved.rateLimit.windowSeconds) : undefined
  const dependencies = { state, faults, rateLimiter, latencyMs: resolved.latencyMs ?? {}, record, logger: resolved.logger }

  const server = http.createServer((req, res) => {
    void handleRequest(req, res, dependencies)
  })
  const port = await listen(server, resolved.port, resolved.host)

  const hostInUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host
  const origin = `http://${hostInUrl}:${port}`

  return {
    apiUrl: `${origin}/client/v4`,
    batchUrl: origin,
    deliveryUrl: `${origin}/cdn-cgi/imagedelivery`,
    accountId: resolved.accountId,
    accountHash: resolved.accountHash,
    token: resolved.token,
    port,
    injectFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    requests: () => [...recorded],
    count: (endpoint, filter) => countRequests(recorded, endpoint, filter),
    resetCounts: () => {
      recorded = []
    },
    seed: (images) => store.seed(images.map(toSeededImage)),
    imageIds: () => store.index.ids(),
    close: async () => {
      await closeServer(server)
      await backend.flush()
    },
  }
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()))
    server.closeAllConnections()
  })
}

function countRequests(recorded: RecordedRequest[], endpoint: EmulatorEndpoint, filter: { status?: number; batch?: boolean } = {}): number {
  let total = 0
  for (const request of recorded) {
    if (request.endpoint !== endpoint) continue
    if (filter.status !== undefined && request.status !== filter.status) continue
    if (filter.batch !== undefined && request.batch !== filter.batch) continue
    total += 1
  }
  return total
}

type SeedInput = Parameters<EmulatorHandle['seed']>[0][number]

/** Builds a record for `seed()`; seeded bytes skip the upload checks, so any bytes are kept. */
function toSeededImage(input: SeedInput): { image: StoredImage; bytes: Uint8Array | undefined } {
  const info = input.bytes ? inspectImage(input.bytes) : undefined
  let contentType = 'image/png'
  if (info) contentType = CONTENT_TYPES[info.format]
  else if (input.bytes) contentType = 'application/octet-stream'

  const image: StoredImage = {
    id: input.id,
    filename: input.filename ?? input.id.split('/').pop() ?? input.id,
    uploaded: input.uploaded ?? new Date().toISOString(),
    requireSignedURLs: false,
    customId: true,
    contentType,
    size: input.bytes?.byteLength ?? 0,
    hasBytes: input.bytes !== undefined,
  }
  if (input.meta !== undefined) image.meta = input.meta
  if (info?.width !== undefined) image.width = info.width
  if (info?.height !== undefined) image.height = info.height
  return { image, bytes: input.bytes }
}
