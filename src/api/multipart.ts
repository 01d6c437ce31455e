import { openAsBlob } from 'node:fs'
import { extname } from 'node:path'
import { FormData } from 'undici'
import type { UploadRequest } from './types.js'

const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.heic': 'image/heic',
  '.avif': 'image/avif',
}

/**
 * Builds the multipart body of one upload. Called once per attempt, because a sent body is consumed.
 * A `{ path }` file becomes a file-backed Blob (`fs.openAsBlob`), which undici streams from disk,
 * so the file is never read into memory as a whole.
 */
export async function createUploadForm(request: UploadRequest): Promise<FormData> {
  const type = MEDIA_TYPES[extname(request.filename).toLowerCase()] ?? 'application/octet-stream'
  const form = new FormData()

  form.append('file', await openFile(request.file, type), request.filename)
  if (request.id !== undefined) {
    form.append('id', request.id)
  }
  if (request.metadata !== undefined) {
    form.append('metadata', JSON.stringify(request.metadata))
  }
  if (request.requireSignedURLs !== undefined) {
    form.append('requireSignedURLs', String(request.requireSignedURLs))
  }
  return form
}

async function openFile(file: UploadRequest['file'], type: string): Promise<Blob> {
  if (file instanceof Uint8Array) {
    // Blob copies the bytes, so a later change to the caller's array cannot alter a retry's body.
    return new Blob([file as Uint8Array<ArrayBuffer>], { type })
  }
  if (file instanceof Blob) {
    // A slice shares the Blob's data, so this sets the media type without copying the bytes.
    return file.slice(0, file.size, type)
  }
  try {
    return await openAsBlob(file.path, { type })
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new UploadFileError(file.path, `Could not upload ${file.path}: the file could not be opened (${reason}). Check that it exists and is readable.`, {
      cause: error,
    })
  }
}

/** The file of an upload request could not be opened; no request was sent for it. */
export class UploadFileError extends Error {
  override name = 'UploadFileError'
  readonly code = 'UPLOAD_FILE_UNREADABLE'
  readonly path: string

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.path = path
  }
}
