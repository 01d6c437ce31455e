import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RouteMatch } from './router.js'
import type { FaultResponse, FaultRule } from './types.js'

interface QueuedFault {
  rule: FaultRule
  remaining: number
}

/** Queued faults, matched against requests in the order they were added. */
export class FaultQueue {
  private queue: QueuedFault[] = []

  add(rule: FaultRule): void {
    const times = rule.times ?? 1
    if (times !== Infinity && (!Number.isInteger(times) || times < 1)) {
      throw new TypeError(`Invalid fault rule: times must be a positive integer or Infinity, got ${String(rule.times)}`)
    }
    this.queue.push({ rule, remaining: times })
  }

  clear(): void {
    this.queue = []
  }

  /** Returns the response of the first rule matching this request and uses up one of its times. */
  take(method: string, pathname: string, route: RouteMatch): FaultResponse | undefined {
    const index = this.queue.findIndex(({ rule }) => matches(rule, method, pathname, route))
    const queued = this.queue[index]
    if (!queued) return undefined

    queued.remaining -= 1
    if (queued.remaining === 0) this.queue.splice(index, 1)
    return queued.rule.response
  }
}

function matches(rule: FaultRule, method: string, pathname: string, route: RouteMatch): boolean {
  if (rule.endpoint !== undefined && rule.endpoint !== route.endpoint) return false
  if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false
  if (rule.batch !== undefined && rule.batch !== (route.scope === 'batch')) return false
  if (rule.pathIncludes !== undefined && !pathname.includes(rule.pathIncludes)) return false
  return true
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/** Cloudflare error code per HTTP status, as the Images API pairs them. */
const CF_CODE_BY_STATUS: ReadonlyMap<number, number> = new Map([
  [400, 5400],
  [401, 10000],
  [403, 5403],
  [404, 5404],
  [409, 5409],
  [413, 5413],
  [415, 5415],
  [429, 971],
])

/**
 * Cloudflare error code a fault uses when the rule names none. A 5xx gets 10001, the generic
 * internal error that the emulator also sends for its own failures, and any other status 5400.
 */
function defaultCfCode(status: number): number {
  const code = CF_CODE_BY_STATUS.get(status)
  if (code !== undefined) return code
  return status >= 500 ? 10001 : 5400
}

/**
 * Writes a `status` or `success-false` fault. `reset` and `delay` are handled by the server
 * because they act on the socket and the timing rather than on a response.
 */
export function writeFaultResponse(res: ServerResponse, fault: Extract<FaultResponse, { kind: 'status' | 'success-false' }>): void {
  if (fault.kind === 'success-false') {
    const code = fault.cfCode ?? 5400
    const text = JSON.stringify({ result: null, success: false, errors: [{ code, message: 'Injected failure (emulator fault)' }], messages: [] })
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) })
    res.end(text)
    return
  }

  const code = fault.cfCode ?? defaultCfCode(fault.status)
  const reason = STATUS_TEXT[fault.status] ?? 'Error'
  const headers = { ...fault.headers }
  let body = ''
  let contentType: string | undefined
  switch (fault.body ?? 'json') {
    case 'json':
      contentType = 'application/json; charset=utf-8'
      body = JSON.stringify({ result: null, success: false, errors: [{ code, message: `${reason} (emulator fault)` }], messages: [] })
      break
    case 'html':
      contentType = 'text/html; charset=UTF-8'
      body = `<!DOCTYPE html>\n<html><head><title>${fault.status} ${reason}</title></head><body><center><h1>${fault.status} ${reason}</h1></center><hr><center>cloudflare</center></body></html>\n`
      break
    case 'text':
      contentType = 'text/plain; charset=utf-8'
      body = `ERROR ${code}: ${reason}`
      break
    case 'empty':
      break
  }

  if (contentType) headers['content-type'] = contentType
  headers['content-length'] = String(Buffer.byteLength(body))
  res.writeHead(fault.status, headers)
  res.end(body)
}

/** Waits for the request body to arrive, then resets the connection (RST where Node supports it). */
export function resetConnection(req: IncomingMessage): void {
  const destroy = () => {
    const socket = req.socket as typeof req.socket & { resetAndDestroy?: () => void }
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy()
    else socket.destroy()
  }
  if (req.complete) {
    destroy()
    return
  }
  req.on('end', destroy)
  req.on('error', destroy)
  req.resume()
}
