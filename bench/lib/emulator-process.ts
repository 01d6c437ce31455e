// Child-process entry that runs the emulator, so its CPU time and memory stay out of the
// process being measured. Started by `startEmulatorProcess()` (emulator-child.ts) with
// `child_process.fork`, and driven over the IPC channel.
import { startEmulator } from '../../src/emulator/index.js'
import type { EmulatorEndpoint, EmulatorHandle, EmulatorOptions } from '../../src/emulator/types.js'
import type { EmulatorCall, EmulatorReply, RequestTally } from './emulator-protocol.js'

function tallyRequests(handle: EmulatorHandle): RequestTally[] {
  const tallies = new Map<string, RequestTally>()
  for (const request of handle.requests()) {
    const key = `${request.endpoint} ${request.batch} ${request.status}`
    const tally = tallies.get(key) ?? { endpoint: request.endpoint, batch: request.batch, status: request.status, count: 0 }
    tally.count += 1
    tallies.set(key, tally)
  }
  return [...tallies.values()]
}

/**
 * Puts `count` images into the store as if this tool had uploaded them: content IDs and metadata
 * derived from made-up SHA-256 digests. Seeding runs in chunks so the store never receives one
 * array of 100,000 objects at once.
 */
/** Lengths of the runs of consecutive 429 responses on the API host, in the order recorded. */
function rateLimitedRuns(handle: EmulatorHandle): number[] {
  const runs: number[] = []
  let current = 0
  for (const request of handle.requests()) {
    if (request.batch) continue
    if (request.status === 429) {
      current += 1
    } else if (current > 0) {
      runs.push(current)
      current = 0
    }
  }
  if (current > 0) runs.push(current)
  return runs
}

async function seedOwnImages(handle: EmulatorHandle, count: number, idPrefix: string | undefined): Promise<void> {
  // Loaded here, so scenarios that never seed do not load the core into the emulator process.
  const { buildMetadata, contentId, sha256Bytes } = await import('../../src/core/index.js')
  const chunkSize = 5000
  for (let start = 0; start < count; start += chunkSize) {
    const images = []
    for (let index = start; index < Math.min(count, start + chunkSize); index += 1) {
      const sha256 = sha256Bytes(`bench seed image ${index}`)
      const file = `seed/image-${index}.png`
      const info = { format: 'png' as const, bytes: 1000 + (index % 1000), width: 64, height: 48 }
      images.push({
        id: contentId(sha256, idPrefix),
        filename: `image-${index}.png`,
        meta: buildMetadata({ sha256, file, info }),
        uploaded: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
      })
    }
    handle.seed(images)
  }
}

async function handleCall(handle: EmulatorHandle, call: EmulatorCall): Promise<unknown> {
  switch (call.method) {
    case 'count':
      return handle.count(call.endpoint as EmulatorEndpoint, call.filter)
    case 'tally':
      return tallyRequests(handle)
    case 'rateLimitedRuns':
      return rateLimitedRuns(handle)
    case 'resetCounts':
      handle.resetCounts()
      return null
    case 'seedOwnImages':
      await seedOwnImages(handle, call.count, call.idPrefix)
      return null
    case 'imageCount':
      return handle.imageIds().length
    case 'usage': {
      const cpu = process.cpuUsage()
      return { cpuMicros: cpu.user + cpu.system, maxRssKiB: process.resourceUsage().maxRSS }
    }
    case 'close':
      closed = true
      await handle.close()
      return null
  }
}

function send(message: EmulatorReply): void {
  process.send?.(message)
}

const options = JSON.parse(process.argv[2] ?? '{}') as EmulatorOptions
const handle = await startEmulator({ ...options, host: '127.0.0.1' })
let closed = false

process.on('message', (message: EmulatorCall) => {
  handleCall(handle, message).then(
    (result) => {
      send({ id: message.id, result })
      if (message.method === 'close') process.disconnect()
    },
    (error: unknown) => send({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  )
})

// After a `close` call, or when the parent died: exit rather than linger as an orphan holding a port.
process.on('disconnect', () => {
  if (closed) process.exit(0)
  void handle.close().finally(() => process.exit(0))
})

send({
  ready: {
    apiUrl: handle.apiUrl,
    batchUrl: handle.batchUrl,
    deliveryUrl: handle.deliveryUrl,
    accountId: handle.accountId,
    accountHash: handle.accountHash,
    token: handle.token,
    port: handle.port,
  },
})
