import path from 'node:path'

/** The parts of a Rollup or Rolldown output item that the cleanup reads. */
interface OutputItem {
  type: 'chunk' | 'asset'
  fileName: string
  code?: string
  source?: string | Uint8Array
  viteMetadata?: { importedAssets?: Set<string> }
}

export type Bundle = Record<string, OutputItem>

export interface CleanupResult {
  removed: string[]
  /** Output file name to the first file that still mentions it. */
  kept: Map<string, string>
}

/**
 * Deletes the local copies of uploaded images from the bundle when no other output file mentions
 * them any more, and prunes them from `viteMetadata.importedAssets`, which Vite's `manifest.json`
 * and SSR manifest are built from. A copy that is still mentioned (for example by a reference
 * `renderBuiltUrl` does not see, or an SVG sprite kept local) stays in the bundle.
 */
export function removeUploadedCopies(
  bundle: Bundle,
  uploadedNames: Iterable<string>,
  manifestNames: ReadonlySet<string>,
): CleanupResult {
  const texts = collectTexts(bundle, manifestNames)
  const removed: string[] = []
  const kept = new Map<string, string>()

  for (const fileName of uploadedNames) {
    if (bundle[fileName]?.type !== 'asset') continue

    const mentionedBy = findMention(texts, fileName)
    if (mentionedBy !== undefined) {
      kept.set(fileName, mentionedBy)
      continue
    }
    delete bundle[fileName]
    removed.push(fileName)
  }

  if (removed.length > 0) {
    const removedSet = new Set(removed)
    pruneImportedAssets(bundle, removedSet)
    for (const name of manifestNames) pruneManifest(bundle[name], removedSet)
  }
  return { removed, kept }
}

function collectTexts(bundle: Bundle, manifestNames: ReadonlySet<string>): Array<[string, string]> {
  const texts: Array<[string, string]> = []
  for (const item of Object.values(bundle)) {
    // Source maps name sources, never output assets, and would only add false matches. Vite's
    // manifests list every emitted file and are pruned below instead.
    if (item.fileName.endsWith('.map') || manifestNames.has(item.fileName)) continue
    if (item.type === 'chunk' && item.code !== undefined) texts.push([item.fileName, item.code])
    if (item.type === 'asset' && typeof item.source === 'string') texts.push([item.fileName, item.source])
  }
  return texts
}

function findMention(texts: Array<[string, string]>, fileName: string): string | undefined {
  // Vite writes relative, absolute and percent-encoded forms, and all of them end in the base name.
  const baseName = path.posix.basename(fileName)
  const encoded = encodeURI(baseName)
  for (const [owner, text] of texts) {
    if (owner === fileName) continue
    if (text.includes(baseName) || text.includes(encoded)) return owner
  }
  return undefined
}

function pruneImportedAssets(bundle: Bundle, removed: Set<string>): void {
  for (const item of Object.values(bundle)) {
    const imported = item.viteMetadata?.importedAssets
    if (imported === undefined) continue
    for (const fileName of removed) imported.delete(fileName)
  }
}

type ManifestJson = Record<string, unknown>

/**
 * Removes deleted files from a Vite manifest that is already in the bundle. Vite 8 builds
 * `manifest.json` before this plugin's `generateBundle` runs, Vite 7 after it (then the manifest
 * is absent here and is built from the pruned bundle). In `manifest.json` an entry whose `file`
 * was removed goes, and removed files leave every `assets` list. In the SSR manifest, which maps
 * module IDs to file lists, removed files leave every list.
 */
function pruneManifest(item: OutputItem | undefined, removed: ReadonlySet<string>): void {
  if (item?.type !== 'asset' || item.source === undefined) return

  const text = typeof item.source === 'string' ? item.source : new TextDecoder().decode(item.source)
  let manifest: ManifestJson
  try {
    manifest = JSON.parse(text) as ManifestJson
  } catch {
    return
  }

  const isRemoved = (file: unknown) => typeof file === 'string' && (removed.has(file) || removed.has(file.replace(/^\//, '')))
  for (const [key, value] of Object.entries(manifest)) {
    if (Array.isArray(value)) {
      manifest[key] = value.filter((file) => !isRemoved(file))
      continue
    }
    if (typeof value !== 'object' || value === null) continue

    const entry = value as { file?: unknown; assets?: unknown }
    if (isRemoved(entry.file)) {
      delete manifest[key]
      continue
    }
    if (Array.isArray(entry.assets)) {
      entry.assets = entry.assets.filter((file) => !isRemoved(file))
      if ((entry.assets as unknown[]).length === 0) delete entry.assets
    }
  }
  item.source = JSON.stringify(manifest, undefined, 2)
}
