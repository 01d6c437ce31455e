import type { ServerResponse } from 'node:http'

/** One entry of `errors` in a Cloudflare API envelope. */
export interface EnvelopeError {
  code: number
  message: string
  error_chain?: Array<{ code: number; message: string }>
}

/**
 * A failure sent as a JSON envelope. Handlers throw it, and the server turns it into
 * `{result: null, success: false, errors: [...]}` with `status`.
 */
export class EmulatorApiError extends Error {
  override name = 'EmulatorApiError'

  constructor(
    readonly status: number,
    readonly cfCode: number,
    message: string,
    readonly errorChain?: EnvelopeError['error_chain'],
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }

  toEnvelopeError(): EnvelopeError {
    const entry: EnvelopeError = { code: this.cfCode, message: this.message }
    if (this.errorChain) entry.error_chain = this.errorChain
    return entry
  }
}

export function badRequest(message: string): EmulatorApiError {
  return new EmulatorApiError(400, 5400, message)
}

export function imageNotFound(): EmulatorApiError {
  return new EmulatorApiError(404, 5404, 'Image not found')
}

export function noRoute(): EmulatorApiError {
  return new EmulatorApiError(404, 7003, 'No route for that URI')
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  })
  res.end(text)
}

export function sendSuccess(res: ServerResponse, result: unknown, headers: Record<string, string> = {}): void {
  sendJson(res, 200, { result, success: true, errors: [], messages: [] }, headers)
}

export function sendFailure(res: ServerResponse, status: number, errors: EnvelopeError[], headers: Record<string, string> = {}): void {
  sendJson(res, status, { result: null, success: false, errors, messages: [] }, headers)
}

/** Sends a plain-text error in the form Cloudflare uses for image delivery and some 404s. */
export function sendPlainError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  const text = `ERROR ${code}: ${message}`
  res.writeHead(status, {
    ...headers,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cf-images': `err=${code}`,
  })
  res.end(text)
}
