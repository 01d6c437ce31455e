import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/**
 * Finds the file behind a public URL such as `photo.jpg`, `/my photo.jpg` or `/my%20photo.jpg` in
 * `publicDir`. Vite passes the URL decoded in some places and percent-encoded in others, so both
 * readings are tried. Returns undefined when no file matches or the URL leaves `publicDir`.
 */
export function findPublicFile(publicDir: string, url: string): string | undefined {
  const relative = url.replace(/^\/+/, '')
  const candidates = [relative]
  try {
    const decoded = decodeURIComponent(relative)
    if (decoded !== relative) candidates.push(decoded)
  } catch {
    // A lone `%` is a literal character of the file name, which the first candidate covers.
  }

  for (const candidate of candidates) {
    const file = path.resolve(publicDir, candidate)
    if (!file.startsWith(publicDir + path.sep)) continue
    if (existsSync(file) && statSync(file).isFile()) return file
  }
  return undefined
}

/** Reads a public file synchronously, because `renderBuiltUrl` cannot await. */
export function readPublicFile(file: string): Uint8Array {
  return readFileSync(file)
}
