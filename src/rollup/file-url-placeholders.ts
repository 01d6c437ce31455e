// Delivery URLs for image files that other plugins emit (`this.emitFile` plus
// `import.meta.ROLLUP_FILE_URL_<ref>`).
//
// Rollup calls `resolveFileUrl` while it renders chunks, with the asset's output file name but
// not its bytes, and the content ID needs the SHA-256 of the bytes. So the hook returns the
// delivery URL with a placeholder ID, and `generateBundle` (which receives the asset's bytes) puts
// the real ID in its place. The placeholder is itself a content ID, derived from the output file
// name instead of the bytes, so it has exactly the length of the real ID: the swap moves no
// character, and source maps stay valid. Chunk hashes are computed over the placeholder, which
// changes whenever the asset's file name does; with Rollup's default `assetFileNames`
// (`assets/[name]-[hash][extname]`) the name contains a hash of the content, so a chunk's hash
// changes with the image, as it does without this plugin.
//
// Wrapping `output.assetFileNames` (which does receive the bytes) was the alternative. It was
// not taken because it would have to re-implement Rollup's name patterns and rename the user's
// assets, and assets emitted with a fixed `fileName` never pass through it.
import { sha256Bytes } from '../core/hash.js'

/** Prefix hashed together with the file name, so a placeholder never equals a real content's ID. */
const PLACEHOLDER_SEED = 'vite-plugin-cloudflare-images/rollup-file-url\u0000'

/** Derives the SHA-256 that the placeholder ID of one output file is made from. */
export function placeholderDigest(fileName: string): string {
  return sha256Bytes(PLACEHOLDER_SEED + fileName)
}

/** Placeholder IDs handed out by `resolveFileUrl`, to the output file names they stand for. */
export class FileUrlPlaceholders {
  private readonly fileNameById = new Map<string, string>()

  add(placeholderId: string, fileName: string): void {
    this.fileNameById.set(placeholderId, fileName)
  }

  /** Placeholder IDs that occur in `code`, with their file names. */
  findIn(code: string): Array<{ placeholderId: string; fileName: string }> {
    const found: Array<{ placeholderId: string; fileName: string }> = []
    for (const [placeholderId, fileName] of this.fileNameById) {
      if (code.includes(placeholderId)) found.push({ placeholderId, fileName })
    }
    return found
  }

  get size(): number {
    return this.fileNameById.size
  }

  clear(): void {
    this.fileNameById.clear()
  }
}

/** Replaces every occurrence of each key with its value; keys and values have the same length. */
export function replaceIds(code: string, replacements: ReadonlyMap<string, string>): string {
  let result = code
  for (const [from, to] of replacements) {
    if (from.length !== to.length) {
      throw new Error(`Internal error: placeholder ${from} and image ID ${to} differ in length, which would shift source maps.`)
    }
    result = result.split(from).join(to)
  }
  return result
}
