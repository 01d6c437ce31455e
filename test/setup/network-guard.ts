import net from 'node:net'
import { getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from 'undici'

// Tests must never leave this machine: only the emulator on loopback may be reached.
// Two layers: an undici interceptor (fetch, undici.request and our client) that fails
// before any DNS lookup or connection, and a net.Socket guard for everything else.

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', '[::1]', 'localhost'])

export class BlockedNetworkRequestError extends Error {
  override name = 'BlockedNetworkRequestError'
  readonly code = 'ERR_TEST_NETWORK_BLOCKED'
}

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

function blockedMessage(target: string): string {
  return `Blocked a network request to ${target}: tests may only reach 127.0.0.1 or ::1. Point the code under test at the local emulator.`
}

const loopbackOnly: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
  const origin = new URL(String(options.origin))
  if (!isLoopbackHost(origin.hostname)) {
    throw new BlockedNetworkRequestError(blockedMessage(origin.origin))
  }
  return dispatch(options, handler)
}

const GUARD_MARK = Symbol.for('vite-plugin-cloudflare-images.test-network-guard')
const globalState = globalThis as { [GUARD_MARK]?: boolean }

if (!globalState[GUARD_MARK]) {
  globalState[GUARD_MARK] = true
  setGlobalDispatcher(getGlobalDispatcher().compose(loopbackOnly))

  const originalConnect = net.Socket.prototype.connect
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    // net.connect() passes its arguments already normalised, as one array.
    const normalised = Array.isArray(args[0]) ? (args[0] as unknown[]) : args
    const first = normalised[0] as { host?: string; path?: string } | number | string | undefined
    let host: string | undefined
    let isIpc = false
    if (typeof first === 'object' && first !== null) {
      host = first.host
      isIpc = typeof first.path === 'string'
    } else if (typeof normalised[1] === 'string') {
      host = normalised[1]
    }
    if (!isIpc && host !== undefined && !isLoopbackHost(host)) {
      throw new BlockedNetworkRequestError(blockedMessage(host))
    }
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args)
  } as typeof net.Socket.prototype.connect
}
