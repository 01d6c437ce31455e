import { isAccountId } from './auth.js'
import type { EmulatorOptions } from './types.js'

/** Account tag used when none is given; any 32 hex digits work. */
export const DEFAULT_ACCOUNT_ID = '0123456789abcdef0123456789abcdef'

/** Account hash used when none is given: 22 characters, like Cloudflare's. */
export const DEFAULT_ACCOUNT_HASH = 'emulatorAccountHash_01'

export const DEFAULT_TOKEN = 'emulator-token'

/** Hosts the emulator may bind to. It accepts a fixed test token, so it stays on loopback. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost'])

export type ResolvedEmulatorOptions = Required<Pick<EmulatorOptions, 'port' | 'host' | 'accountId' | 'accountHash' | 'token' | 'plainTextNotFound'>> &
  Pick<EmulatorOptions, 'dir' | 'flexibleVariants' | 'latencyMs' | 'faults' | 'onRequest' | 'logger'> & {
    rateLimit: { requests: number; windowSeconds: number } | false
  }

/** Applies the defaults and checks every option, throwing a TypeError that names the invalid one. */
export function resolveEmulatorOptions(options: EmulatorOptions): ResolvedEmulatorOptions {
  const resolved: ResolvedEmulatorOptions = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    accountHash: options.accountHash ?? DEFAULT_ACCOUNT_HASH,
    token: options.token ?? DEFAULT_TOKEN,
    plainTextNotFound: options.plainTextNotFound ?? false,
    rateLimit: options.rateLimit ?? { requests: 1200, windowSeconds: 300 },
    dir: options.dir,
    flexibleVariants: options.flexibleVariants,
    latencyMs: options.latencyMs,
    faults: options.faults,
    onRequest: options.onRequest,
    logger: options.logger,
  }

  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65535) {
    throw new TypeError(`Invalid emulator option port: expected an integer from 0 to 65535, got ${String(options.port)}`)
  }
  if (!LOOPBACK_HOSTS.has(resolved.host)) {
    throw new TypeError(`Invalid emulator option host: expected 127.0.0.1, ::1 or localhost, got ${JSON.stringify(resolved.host)}. The emulator only listens on loopback.`)
  }
  if (!isAccountId(resolved.accountId)) {
    throw new TypeError(`Invalid emulator option accountId: expected 32 lowercase hex characters, got ${JSON.stringify(resolved.accountId)}`)
  }
  if (!/^[A-Za-z0-9_-]+$/.test(resolved.accountHash)) {
    throw new TypeError(`Invalid emulator option accountHash: expected letters, digits, - and _ only, got ${JSON.stringify(resolved.accountHash)}`)
  }
  if (!/^\S+$/.test(resolved.token)) {
    throw new TypeError('Invalid emulator option token: expected a non-empty string without spaces')
  }

  const { rateLimit } = resolved
  if (rateLimit !== false) {
    const valid = Number.isInteger(rateLimit.requests) && rateLimit.requests > 0 && Number.isFinite(rateLimit.windowSeconds) && rateLimit.windowSeconds > 0
    if (!valid) {
      throw new TypeError(`Invalid emulator option rateLimit: expected {requests: positive integer, windowSeconds: positive number} or false, got ${JSON.stringify(rateLimit)}`)
    }
  }

  for (const [endpoint, ms] of Object.entries(resolved.latencyMs ?? {})) {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new TypeError(`Invalid emulator option latencyMs.${endpoint}: expected a number of milliseconds >= 0, got ${String(ms)}`)
    }
  }
  return resolved
}
