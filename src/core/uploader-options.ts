import type { Limits, UploaderOptions } from './types.js'
import { DEFAULT_ID_PREFIX, validateIdPrefix } from './content-id.js'
import { resolveLimits } from './limits.js'
import { DEFAULT_FLUSH_INTERVAL_MS } from './manifest.js'

/** Uploads in flight at once. */
export const DEFAULT_CONCURRENCY = 8
/** Jobs with more uploads than this use the batch API. */
export const DEFAULT_BATCH_THRESHOLD = 200
/** Minimum number of unknown images for which, with an empty manifest, one account listing replaces a request per image. */
export const DEFAULT_LIST_THRESHOLD = 20
/** Files hashed or inspected at once; local I/O only. */
export const LOCAL_CONCURRENCY = 8

export interface ResolvedUploaderOptions {
  accountId: string
  manifestPath: string
  idPrefix: string
  concurrency: number
  batchThreshold: number | false
  listThreshold: number | false
  limits: Limits
  flushIntervalMs: number
}

function checkCount(name: string, value: unknown, minimum: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    throw new TypeError(`Invalid ${name}: expected an integer of at least ${minimum}, received ${JSON.stringify(value)}.`)
  }
  return value
}

function checkCountOrFalse(name: string, value: unknown): number | false {
  return value === false ? false : checkCount(name, value, 0)
}

function checkNonEmptyString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`Invalid ${name}: expected a non-empty string, received ${JSON.stringify(value)}.`)
  }
  return value
}

/** Fills in defaults and checks every option, throwing a `TypeError` that names the bad one. */
export function resolveUploaderOptions(options: UploaderOptions): ResolvedUploaderOptions {
  return {
    accountId: checkNonEmptyString('accountId', options.accountId),
    manifestPath: checkNonEmptyString('manifestPath', options.manifestPath),
    idPrefix: validateIdPrefix(options.idPrefix ?? DEFAULT_ID_PREFIX),
    concurrency: checkCount('concurrency', options.concurrency ?? DEFAULT_CONCURRENCY, 1),
    batchThreshold: checkCountOrFalse('batchThreshold', options.batchThreshold ?? DEFAULT_BATCH_THRESHOLD),
    listThreshold: checkCountOrFalse('listThreshold', options.listThreshold ?? DEFAULT_LIST_THRESHOLD),
    limits: resolveLimits(options.limits),
    flushIntervalMs: checkCount('flushIntervalMs', options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS, 0),
  }
}
