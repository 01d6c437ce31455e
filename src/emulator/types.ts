// Contract of the local Cloudflare Images emulator, used by every test, the demo and the benches.
import type { Logger } from '../api/types.js'

export type EmulatorEndpoint =
  | 'upload'
  | 'get'
  | 'delete'
  | 'patch'
  | 'blob'
  | 'list-v1'
  | 'list-v2'
  | 'stats'
  | 'variants-list'
  | 'variants-create'
  | 'config'
  | 'batch-token'
  | 'delivery'

export type FaultResponse =
  | { kind: 'status'; status: number; body?: 'json' | 'html' | 'text' | 'empty'; cfCode?: number; headers?: Record<string, string> }
  | { kind: 'success-false'; cfCode?: number }
  | { kind: 'reset' }
  | { kind: 'delay'; ms: number }

export interface FaultRule {
  endpoint?: EmulatorEndpoint
  method?: string
  /** Only requests to the batch host (`true`) or the API (`false`). Both when undefined. */
  batch?: boolean
  /** Substring that must occur in the request path. */
  pathIncludes?: string
  /** How many matching requests the fault applies to. `Infinity` keeps it until `clearFaults()`. @default 1 */
  times?: number
  response: FaultResponse
}

export interface RecordedRequest {
  endpoint: EmulatorEndpoint | 'unknown'
  method: string
  path: string
  batch: boolean
  status: number
}

export interface EmulatorOptions {
  /** @default 0 (a free port) */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
  /** @default a fixed 32-hex test account */
  accountId?: string
  /** @default a fixed 22-character hash */
  accountHash?: string
  /** @default 'emulator-token' */
  token?: string
  /** Store images on disk in this folder (survives restarts); in memory when unset. */
  dir?: string
  /** @default false */
  flexibleVariants?: boolean
  /** Account limit. @default { requests: 1200, windowSeconds: 300 }; false disables it. */
  rateLimit?: { requests: number; windowSeconds: number } | false
  /** Respond to a missing image with `text/plain` `ERROR 5404: Image not found` like the real API. @default false */
  plainTextNotFound?: boolean
  /** Fixed latency added to each matching endpoint, in milliseconds. */
  latencyMs?: Partial<Record<EmulatorEndpoint, number>>
  faults?: FaultRule[]
  /** Called once per request after its response was written (also for resets, with status 0), e.g. for a request log. */
  onRequest?: (request: RecordedRequest & { durationMs: number }) => void
  /** Receives internal errors (sent as 500) and store warnings. Silent when unset. */
  logger?: Logger
}

export interface EmulatorHandle {
  /** e.g. `http://127.0.0.1:8787/client/v4` */
  apiUrl: string
  /** Batch host origin, e.g. `http://127.0.0.1:8787`; paths are `/images/v1...` without the account prefix. */
  batchUrl: string
  /** Custom-domain form, e.g. `http://127.0.0.1:8787/cdn-cgi/imagedelivery` */
  deliveryUrl: string
  accountId: string
  accountHash: string
  token: string
  port: number
  /** Queues a fault for the next `times` matching requests. */
  injectFault(rule: FaultRule): void
  clearFaults(): void
  /** Every request handled so far, in the order of their responses. */
  requests(): RecordedRequest[]
  /** Number of requests to one endpoint (optionally only those with a given status). */
  count(endpoint: EmulatorEndpoint, filter?: { status?: number; batch?: boolean }): number
  resetCounts(): void
  /** Put images straight into the store without HTTP (for large list and sync tests). */
  seed(images: Array<{ id: string; bytes?: Uint8Array; filename?: string; meta?: Record<string, unknown>; uploaded?: string }>): void
  /** IDs currently stored. */
  imageIds(): string[]
  close(): Promise<void>
}
