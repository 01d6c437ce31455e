import type { CloudflareImage, ImagesApi } from '../api/types.js'
import type { ImageInfo, ImageSource } from './types.js'
import { isAlreadyExists } from './api-failure.js'
import { ContentMismatchError } from './errors.js'
import { buildMetadata, parseOwnMetadata } from './metadata.js'
import { portableName } from './portable-name.js'
import { isSourceChanged, openUnchangedSource, sourceChanged } from './read-source.js'

export interface ContentUpload {
  id: string
  sha256: string
  source: ImageSource
  info: ImageInfo
  maxMetadataBytes: number
}

export interface UploadOutcome {
  /** `already-present`: the ID existed (409/5409) or another upload in this process sent it. */
  kind: 'uploaded' | 'already-present'
  image: CloudflareImage
}

/** Counts requests as they are sent, failed ones included. */
export interface RequestCounter {
  requests: number
}

// Uploads in flight per client (the caller's `api` object) and ID, shared by every
// `uploadImages` call in this process, so concurrent builds send each ID once.
const inFlight = new WeakMap<object, Map<string, Promise<UploadOutcome>>>()

/**
 * Throws `ContentMismatchError` when an existing image was written by this tool for other
 * bytes. Images without this tool's metadata are trusted: the ID is derived from the content.
 */
export function checkSameContent(image: CloudflareImage, id: string, sha256: string): void {
  const own = parseOwnMetadata(image.meta)
  if (own && own.sha256 !== sha256) {
    throw new ContentMismatchError(
      `Image ID ${id} already exists on the account with other content (SHA-256 ${own.sha256}, expected ${sha256}). ` +
        'Delete that image from the account, or set another idPrefix.',
    )
  }
}

function baseName(name: string): string {
  const normalised = portableName(name)
  return normalised.slice(normalised.lastIndexOf('/') + 1) || normalised
}

async function send(api: ImagesApi, upload: ContentUpload, counter: RequestCounter): Promise<UploadOutcome> {
  const { source } = upload
  const metadata = buildMetadata({ sha256: upload.sha256, file: portableName(source.name), info: upload.info }, upload.maxMetadataBytes)

  // A file on disk is checked against its content ID first and then sent from the same
  // file-backed Blob, which Node refuses to read once the file changes. So no bytes are held in
  // memory, and the ID never names other content.
  let file: Uint8Array | Blob
  if (source.bytes !== undefined) {
    file = source.bytes
  } else if (source.path !== undefined) {
    file = await openUnchangedSource(source.path, source.name, upload.sha256, upload.info.bytes)
  } else {
    throw new TypeError(`Image source ${JSON.stringify(source.name)} has neither bytes nor a path.`)
  }

  try {
    counter.requests += 1
    const image = await api.upload({ file, filename: baseName(source.name), id: upload.id, metadata })
    return { kind: 'uploaded', image }
  } catch (error) {
    // A file that changed while its body was sent fails the request, so report the change rather than a network error.
    if (file instanceof Blob && (await isSourceChanged(file))) throw sourceChanged(source.name, upload.sha256, upload.info.bytes, error)
    if (!isAlreadyExists(error)) throw error
  }

  // The ID exists although the manifest had no record of it: confirm it once before trusting it.
  counter.requests += 1
  const image = await api.get(upload.id)
  checkSameContent(image, upload.id, upload.sha256)
  return { kind: 'already-present', image }
}

/**
 * Uploads one content under its content ID. A 409/5409 response means it is already there, and
 * one GET confirms it. A second call for an ID still in flight on the same `inFlightKey`
 * waits for the first and reports `already-present`.
 */
export function uploadContent(inFlightKey: object, api: ImagesApi, upload: ContentUpload, counter: RequestCounter): Promise<UploadOutcome> {
  let byId = inFlight.get(inFlightKey)
  if (!byId) {
    byId = new Map()
    inFlight.set(inFlightKey, byId)
  }

  const running = byId.get(upload.id)
  if (running) {
    return running.then((outcome) => ({ kind: 'already-present', image: outcome.image }))
  }

  const started = send(api, upload, counter).finally(() => byId.delete(upload.id))
  byId.set(upload.id, started)
  return started
}
