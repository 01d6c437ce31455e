// Parent side of emulator-process.ts: start the emulator in its own process and call it over IPC.
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { EmulatorOptions } from '../../src/emulator/types.js'
import { NODE_ARGS } from './scenario.js'
import type { EmulatorCallBody, EmulatorEndpoints, EmulatorReply, ProcessUsage, RequestTally } from './emulator-protocol.js'

const ENTRY = fileURLToPath(new URL('./emulator-process.ts', import.meta.url))
const START_TIMEOUT_MS = 30_000

export interface EmulatorProcess extends EmulatorEndpoints {
  pid: number
  count(endpoint: string, filter?: { status?: number; batch?: boolean }): Promise<number>
  tally(): Promise<RequestTally[]>
  /** Lengths of the runs of consecutive 429 responses on the API host. */
  rateLimitedRuns(): Promise<number[]>
  resetCounts(): Promise<void>
  /** Seeds `count` images carrying this tool's content IDs and metadata. */
  seedOwnImages(count: number, idPrefix?: string): Promise<void>
  imageCount(): Promise<number>
  usage(): Promise<ProcessUsage>
  close(): Promise<void>
}

/** Starts the emulator on 127.0.0.1 in a child process. Options must be JSON-serialisable. */
export async function startEmulatorProcess(options: EmulatorOptions = {}): Promise<EmulatorProcess> {
  const child = fork(ENTRY, [JSON.stringify(options)], {
    execArgv: NODE_ARGS,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })

  const endpoints = await waitForReady(child)
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  let nextId = 1

  child.on('message', (message: EmulatorReply) => {
    if (!('id' in message)) return
    const waiter = pending.get(message.id)
    pending.delete(message.id)
    if ('error' in message) waiter?.reject(new Error(`Emulator process failed a call: ${message.error}`))
    else waiter?.resolve(message.result)
  })
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`Emulator process exited with code ${code} before it replied.`))
    pending.clear()
  })

  const call = <T>(body: EmulatorCallBody): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      child.send({ ...body, id })
    })

  return {
    ...endpoints,
    pid: child.pid!,
    count: (endpoint, filter) => call<number>({ method: 'count', endpoint, ...(filter ? { filter } : {}) }),
    tally: () => call<RequestTally[]>({ method: 'tally' }),
    rateLimitedRuns: () => call<number[]>({ method: 'rateLimitedRuns' }),
    resetCounts: () => call<void>({ method: 'resetCounts' }),
    seedOwnImages: (count, idPrefix) => call<void>({ method: 'seedOwnImages', count, ...(idPrefix !== undefined ? { idPrefix } : {}) }),
    imageCount: () => call<number>({ method: 'imageCount' }),
    usage: () => call<ProcessUsage>({ method: 'usage' }),
    close: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      await call<void>({ method: 'close' }).catch(() => child.kill())
      await exited
    },
  }
}

function waitForReady(child: ChildProcess): Promise<EmulatorEndpoints> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`Emulator process did not start within ${START_TIMEOUT_MS / 1000} s.`))
    }, START_TIMEOUT_MS)

    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Emulator process exited with code ${code} before it was ready; see its output above.`))
    })
    child.on('message', (message: EmulatorReply) => {
      if ('ready' in message) {
        clearTimeout(timer)
        resolve(message.ready)
      }
    })
  })
}

/** Sums the tally entries that match every given field. */
export function countTallied(tally: readonly RequestTally[], filter: Partial<Omit<RequestTally, 'count'>>): number {
  return tally
    .filter((entry) => Object.entries(filter).every(([key, value]) => entry[key as keyof RequestTally] === value))
    .reduce((sum, entry) => sum + entry.count, 0)
}
