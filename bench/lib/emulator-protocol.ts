// Messages between a bench scenario and the emulator it runs in a child process.

export type EmulatorCall =
  | { id: number; method: 'count'; endpoint: string; filter?: { status?: number; batch?: boolean } }
  | { id: number; method: 'tally' }
  | { id: number; method: 'rateLimitedRuns' }
  | { id: number; method: 'resetCounts' }
  | { id: number; method: 'seedOwnImages'; count: number; idPrefix?: string }
  | { id: number; method: 'imageCount' }
  | { id: number; method: 'usage' }
  | { id: number; method: 'close' }

/** Distributes a union over its members, so `Omit` keeps each call's own fields. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never
export type EmulatorCallBody = WithoutId<EmulatorCall>

export interface EmulatorEndpoints {
  apiUrl: string
  batchUrl: string
  deliveryUrl: string
  accountId: string
  accountHash: string
  token: string
  port: number
}

export type EmulatorReply =
  | { ready: EmulatorEndpoints }
  | { id: number; result: unknown }
  | { id: number; error: string }

/** Requests the emulator recorded, grouped by endpoint, host and status. */
export interface RequestTally {
  endpoint: string
  batch: boolean
  status: number
  count: number
}

export interface ProcessUsage {
  /** User + system CPU time since the process started, in microseconds. */
  cpuMicros: number
  maxRssKiB: number
}
