import type { CloudflareImage, ImagesApi, Logger } from '../api/types.js'
import type { ManifestEntry } from './types.js'
import { accountHashFromImage } from './account-hash.js'
import { contentId } from './content-id.js'
import { ManifestError } from './errors.js'
import { Manifest } from './manifest.js'
import { type OwnMetadata, parseOwnMetadata } from './metadata.js'
import { LIST_PAGE_SIZE } from './remote-index.js'

export interface SyncOptions {
  api: ImagesApi
  accountId: string
  manifestPath: string
  /** `rebuild` writes the account's images into the manifest, and `verify` only reports. */
  mode: 'rebuild' | 'verify'
  /** When one content is on the account under several IDs, prefer the one with this prefix. */
  idPrefix?: string
  logger?: Logger
}

export interface SyncedImage {
  sha256: string
  id: string
  file: string
}

export interface SyncResult {
  mode: 'rebuild' | 'verify'
  /** Entries written to the manifest (always 0 in verify mode). */
  added: number
  /** Entries removed from the manifest because their image is gone (always 0 in verify mode). */
  removed: number
  /** Manifest entries whose image ID is not on the account. */
  missingRemotely: SyncedImage[]
  /** Images this tool uploaded that the manifest lacks or records under another ID. */
  unknownLocally: SyncedImage[]
  /** Images of this tool whose metadata lacks size or format, so no entry can be built. */
  incomplete: number
  /** Images on the account without this tool's metadata; they are left alone. */
  foreign: number
  /** Images on the account. */
  remoteImages: number
  /** List requests sent: ceil(images / 10,000), at least 1. */
  requests: number
}

interface OwnImage {
  image: CloudflareImage
  own: OwnMetadata
}

/** Picks one image per content: the preferred ID if present, else the smallest ID. */
function preferredImage(current: OwnImage | undefined, candidate: OwnImage, preferredId: string | undefined): OwnImage {
  if (!current) return candidate
  if (candidate.image.id === preferredId) return candidate
  if (current.image.id === preferredId) return current
  return candidate.image.id < current.image.id ? candidate : current
}

function entryFromImage({ image, own }: OwnImage): ManifestEntry | undefined {
  if (own.bytes === undefined || own.width === undefined || own.height === undefined || own.format === undefined) return undefined
  return { id: image.id, bytes: own.bytes, width: own.width, height: own.height, format: own.format, file: own.file, uploaded: image.uploaded }
}

/**
 * Compares the manifest with the account by listing it (`GET /images/v2`, 10,000 images a
 * request) and reading the metadata this tool wrote. In `rebuild` mode the manifest then gains
 * every image of this tool it lacked and loses every entry whose image is gone. Both modes throw
 * `ManifestError` (`MANIFEST_NEWER_VERSION`) before any request when the file was written by a
 * newer version, because this version neither reads nor overwrites such a file.
 */
export async function syncManifest(options: SyncOptions): Promise<SyncResult> {
  const { api, accountId, mode } = options
  const manifest = await Manifest.load(options.manifestPath, { readOnly: mode === 'verify', ...(options.logger ? { logger: options.logger } : {}) })
  const issue = manifest.loadIssue
  // Verify would compare the account with an empty manifest, and rebuild could not write the result.
  if (issue?.kind === 'newer-version') {
    throw new ManifestError(
      'MANIFEST_NEWER_VERSION',
      options.manifestPath,
      `Could not ${mode} the manifest ${options.manifestPath}: it has format version ${issue.version}, written by a newer vite-plugin-cloudflare-images, ` +
        'and this version neither reads nor overwrites it. Upgrade vite-plugin-cloudflare-images, or pass another manifest path.',
    )
  }

  const remoteIds = new Set<string>()
  const ownBySha = new Map<string, OwnImage>()
  let foreign = 0
  let requests = 0
  let accountHash: string | undefined

  for await (const page of api.list({ perPage: LIST_PAGE_SIZE })) {
    requests += 1
    for (const image of page) {
      remoteIds.add(image.id)
      accountHash ??= accountHashFromImage(image)

      const own = parseOwnMetadata(image.meta)
      if (!own) {
        foreign += 1
        continue
      }
      const recordedId = manifest.get(accountId, own.sha256)?.id
      const preferredId = recordedId ?? (options.idPrefix !== undefined ? contentId(own.sha256, options.idPrefix) : undefined)
      ownBySha.set(own.sha256, preferredImage(ownBySha.get(own.sha256), { image, own }, preferredId))
    }
  }

  const missingRemotely: SyncedImage[] = []
  for (const [sha256, entry] of manifest.images(accountId)) {
    if (!remoteIds.has(entry.id)) missingRemotely.push({ sha256, id: entry.id, file: entry.file })
  }

  const unknownLocally: SyncedImage[] = []
  const toAdd: Array<[string, ManifestEntry]> = []
  let incomplete = 0
  for (const [sha256, ownImage] of ownBySha) {
    const recorded = manifest.get(accountId, sha256)
    if (recorded && remoteIds.has(recorded.id)) continue

    unknownLocally.push({ sha256, id: ownImage.image.id, file: ownImage.own.file })
    const entry = entryFromImage(ownImage)
    if (entry) {
      toAdd.push([sha256, entry])
    } else {
      incomplete += 1
    }
  }

  let added = 0
  let removed = 0
  if (mode === 'rebuild') {
    for (const { sha256 } of missingRemotely) {
      manifest.delete(accountId, sha256)
      removed += 1
    }
    for (const [sha256, entry] of toAdd) {
      manifest.set(accountId, sha256, entry)
      added += 1
    }
    if (accountHash !== undefined) manifest.setAccountHash(accountId, accountHash)
  }
  await manifest.close()

  return {
    mode,
    added,
    removed,
    missingRemotely,
    unknownLocally,
    incomplete,
    foreign,
    remoteImages: remoteIds.size,
    requests: Math.max(requests, 1),
  }
}
