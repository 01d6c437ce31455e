import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

/** Hashes a file with SHA-256 by streaming it, so large files never sit in memory. Returns lowercase hex. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer)
  }
  return hash.digest('hex')
}

/** Hashes bytes already in memory with SHA-256. Synchronous, for hooks that cannot await. Returns lowercase hex. */
export function sha256Bytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex')
}

const SHA256_HEX = /^[0-9a-f]{64}$/

export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value)
}
