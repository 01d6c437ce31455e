import type { IncomingMessage } from 'node:http'
import { EmulatorApiError, badRequest } from './envelope.js'

/** Reading stops (and the connection is dropped) past this many bytes, whatever the limit. */
const HARD_CAP_BYTES = 64 * 1024 * 1024

export interface ReadBody {
  bytes: Buffer
  /** True when the body exceeded the limit; `bytes` is then empty. */
  tooLarge: boolean
}

/**
 * Reads the whole request body. Past `limitBytes` it keeps draining without storing, so the
 * client finishes sending and can read the 413 instead of seeing a broken pipe. With a
 * Content-Length the body goes into one buffer of that size, which spares the garbage
 * collector a list of chunks and a concatenated copy per upload.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<ReadBody> {
  const declared = Number(req.headers['content-length'])
  const preallocated = Number.isInteger(declared) && declared >= 0 && declared <= limitBytes ? Buffer.allocUnsafe(declared) : undefined

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let received = 0
    let tooLarge = false

    req.on('data', (chunk: Buffer) => {
      const offset = received
      received += chunk.length
      if (received > HARD_CAP_BYTES) {
        req.destroy()
        return
      }
      if (received > limitBytes) {
        tooLarge = true
        chunks.length = 0
        return
      }
      if (preallocated) chunk.copy(preallocated, offset)
      else chunks.push(chunk)
    })
    req.on('end', () => {
      if (tooLarge) resolve({ bytes: Buffer.alloc(0), tooLarge })
      else resolve({ bytes: preallocated ? preallocated.subarray(0, received) : Buffer.concat(chunks), tooLarge })
    })
    req.on('error', reject)
    req.on('close', () => {
      if (!req.complete) reject(new Error('The client closed the connection before the request body ended'))
    })
  })
}

/** Reads and parses a JSON request body (PATCH and variant creation); an empty body is `{}`. */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const { bytes, tooLarge } = await readBody(req, 1024 * 1024)
  if (tooLarge) throw new EmulatorApiError(413, 5413, 'Request body too large: JSON bodies are limited to 1 MiB')
  if (bytes.length === 0) return {}

  let value: unknown
  try {
    value = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw badRequest('Invalid JSON body: send a JSON object')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('Invalid JSON body: send a JSON object')
  }
  return value as Record<string, unknown>
}
