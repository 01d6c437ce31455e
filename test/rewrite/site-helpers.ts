import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { contentId } from '../../src/core/content-id.js'
import { buildDeliveryUrl } from '../../src/core/delivery.js'
import { sha256File } from '../../src/core/hash.js'
import { inspectImage } from '../../src/core/preflight.js'
import type { ImageSource, ManifestEntry } from '../../src/core/types.js'
import { parseVariant } from '../../src/rollup/variant.js'
import type { RewriteOptions } from '../../src/rewrite/index.js'

export const FIXTURE_SITES = fileURLToPath(new URL('../fixtures/sites/', import.meta.url))

export const DELIVERY_URL = 'https://images.example.invalid/cdn-cgi/imagedelivery'
export const ACCOUNT_HASH = 'Tst0AccountHash0000000'

/** Copies a fixture site into a fresh temp folder and returns the site folder inside it. */
export async function copySite(name: string): Promise<{ dir: string; root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'cf-images-rewrite-'))
  const dir = path.join(root, name)
  await cp(path.join(FIXTURE_SITES, name), dir, { recursive: true })
  return { dir, root, cleanup: () => rm(root, { recursive: true, force: true }) }
}

/** Reads every file of a folder, keyed by relative path, for byte-level comparisons. */
export async function snapshotFolder(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>()
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const absolute = path.join(entry.parentPath, entry.name)
    files.set(path.relative(dir, absolute).split(path.sep).join('/'), await readFile(absolute))
  }
  return files
}

/**
 * Makes an uploader that runs in process over the real files. The core's preflight reads each
 * image, and the content ID is derived as the core derives it. An image that fails preflight is
 * left out of the result (the real uploader would reject the whole run instead).
 */
export function makeInProcessUploader(): {
  upload: RewriteOptions['upload']
  calls: ImageSource[][]
  rejected: string[]
} {
  const calls: ImageSource[][] = []
  const rejected: string[] = []

  const upload = async (sources: ImageSource[]): Promise<Map<string, ManifestEntry>> => {
    calls.push(sources)
    const entries = new Map<string, ManifestEntry>()
    for (const source of sources) {
      const sha256 = source.sha256 ?? (await sha256File(source.path!))
      try {
        const info = await inspectImage(source)
        entries.set(sha256, {
          id: contentId(sha256),
          bytes: info.bytes,
          width: info.width,
          height: info.height,
          format: info.format,
          file: source.name,
          uploaded: '2026-01-01T00:00:00.000Z',
        })
      } catch {
        rejected.push(source.name)
      }
    }
    return entries
  }

  return { upload, calls, rejected }
}

export function deliveryUrlFor(entry: ManifestEntry, variant?: string): string {
  return buildDeliveryUrl({ deliveryUrl: DELIVERY_URL, accountHash: ACCOUNT_HASH, id: entry.id, variant: parseVariant(variant ?? 'public') })
}

/** Computes the delivery URL that a fixture image gets, from its bytes. */
export async function expectedUrl(dir: string, image: string, variant = 'public'): Promise<string> {
  const sha256 = await sha256File(path.join(dir, image))
  return buildDeliveryUrl({ deliveryUrl: DELIVERY_URL, accountHash: ACCOUNT_HASH, id: contentId(sha256), variant: parseVariant(variant) })
}

/** Collects log lines by level. */
export function makeLogger(): { logger: NonNullable<RewriteOptions['logger']>; lines: Record<'info' | 'warn' | 'error' | 'debug', string[]> } {
  const lines = { info: [] as string[], warn: [] as string[], error: [] as string[], debug: [] as string[] }
  return {
    lines,
    logger: {
      info: (message) => lines.info.push(message),
      warn: (message) => lines.warn.push(message),
      error: (message) => lines.error.push(message),
      debug: (message) => lines.debug.push(message),
    },
  }
}
