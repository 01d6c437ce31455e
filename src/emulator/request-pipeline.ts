import type { IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { authorizeApiRequest, authorizeBatchRequest } from './auth.js'
import { HANDLERS } from './dispatch.js'
import { EmulatorApiError, noRoute, sendFailure, sendPlainError } from './envelope.js'
import { type FaultQueue, resetConnection, writeFaultResponse } from './faults.js'
import type { FixedWindowRateLimiter } from './rate-limiter.js'
import { matchRoute, type RouteMatch } from './router.js'
import type { EmulatorState, RequestContext } from './state.js'
import type { Logger } from '../api/types.js'
import type { EmulatorEndpoint, RecordedRequest } from './types.js'

export interface PipelineDependencies {
  state: EmulatorState
  faults: FaultQueue
  rateLimiter: FixedWindowRateLimiter | undefined
  latencyMs: Partial<Record<EmulatorEndpoint, number>>
  record(request: RecordedRequest, durationMs: number): void
  logger: Logger | undefined
}

/**
 * Handles one request: route, injected faults, latency, account rate limit, authentication,
 * then the endpoint handler. Every request is recorded once, after its response was written.
 */
export async function handleRequest(req: IncomingMessage, res: ServerResponse, deps: PipelineDependencies): Promise<void> {
  const startedAt = performance.now()
  const rawUrl = req.url ?? '/'
  const pathname = rawUrl.split('?')[0] ?? '/'
  const method = (req.method ?? 'GET').toUpperCase()
  const route = matchRoute(method, pathname)
  let reset = false

  try {
    reset = await respond(req, res, method, pathname, route, deps)
  } catch (error) {
    sendError(req, res, error, deps, {})
  } finally {
    deps.record(
      { endpoint: route.endpoint, method, path: pathname, batch: route.scope === 'batch', status: reset ? 0 : res.statusCode },
      performance.now() - startedAt,
    )
  }
}

/** Returns true when the response was a connection reset. */
async function respond(req: IncomingMessage, res: ServerResponse, method: string, pathname: string, route: RouteMatch, deps: PipelineDependencies): Promise<boolean> {
  const fault = deps.faults.take(method, pathname, route)
  if (fault?.kind === 'reset') {
    resetConnection(req)
    return true
  }
  if (fault?.kind === 'delay') await sleep(fault.ms)
  if (fault?.kind === 'status' || fault?.kind === 'success-false') {
    req.resume()
    writeFaultResponse(res, fault)
    return false
  }

  const latency = route.endpoint === 'unknown' ? undefined : deps.latencyMs[route.endpoint]
  if (latency) await sleep(latency)

  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  const context: RequestContext = { req, res, url, route, state: deps.state, headers: {} }

  try {
    await dispatch(context, deps)
  } catch (error) {
    sendError(req, res, error, deps, context.headers)
  }
  return false
}

async function dispatch(context: RequestContext, deps: PipelineDependencies): Promise<void> {
  const { req, route, state } = context

  if (route.scope === 'api') {
    if (deps.rateLimiter) {
      const decision = deps.rateLimiter.take()
      Object.assign(context.headers, deps.rateLimiter.headers(decision))
      if (!decision.allowed) {
        const retryAfter = { 'retry-after': String(decision.resetSeconds) }
        throw new EmulatorApiError(429, 971, `Rate limit exceeded: wait ${decision.resetSeconds} s (Retry-After) and slow down your requests`, undefined, retryAfter)
      }
    }
    if (route.endpoint === 'unknown') throw noRoute()
    authorizeApiRequest(req, state, route.accountId ?? '')
  } else if (route.scope === 'batch') {
    if (route.endpoint === 'unknown') throw noRoute()
    authorizeBatchRequest(req, state)
  } else if (route.endpoint === 'unknown') {
    throw noRoute()
  }

  await HANDLERS[route.endpoint as EmulatorEndpoint](context)
}

function sendError(req: IncomingMessage, res: ServerResponse, error: unknown, deps: PipelineDependencies, headers: Record<string, string>): void {
  const { state, logger } = deps
  const detail = error instanceof Error ? error.message : String(error)

  // The handler may have failed before the body arrived (a 404 on PATCH), so drain the body
  // to keep the connection reusable.
  req.resume()
  if (res.headersSent || res.destroyed) {
    logger?.debug?.(`${req.method} ${req.url} ended without a response: ${detail}`)
    res.destroy()
    return
  }

  if (error instanceof EmulatorApiError) {
    const allHeaders = { ...headers, ...error.headers }
    if (error.cfCode === 5404 && state.plainTextNotFound) {
      sendPlainError(res, 404, 5404, 'Image not found', allHeaders)
      return
    }
    sendFailure(res, error.status, [error.toEnvelopeError()], allHeaders)
    return
  }

  logger?.error(`${req.method} ${req.url} failed with an internal error of the emulator, answered with 500: ${detail}`)
  sendFailure(res, 500, [{ code: 10001, message: `Internal error in the emulator: ${detail}` }], headers)
}
