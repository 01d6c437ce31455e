import { createHash } from 'node:crypto'
import { openAsBlob } from 'node:fs'
import { stat } from 'node:fs/promises'
import { SourceFileError } from './errors.js'

/**
 * Opens an image file for upload as a file-backed `Blob` and checks, by reading it through that
 * Blob, that it still has the size and SHA-256 it was hashed as. So an ID derived from the old
 * content never names new bytes. The upload then sends the same Blob, streamed from disk.
 *
 * Node (20 and later) rejects every read of a file-backed Blob with `NotReadableError` once the
 * file's size or modification time differs from when the Blob was opened. So a change after this
 * check fails the upload's body instead of sending other bytes (see `isSourceChanged`).
 * NOTE: a rewrite that keeps both the size and the modification time (a file system with coarse
 * timestamps, or a tool that restores the mtime) is not detected after the check.
 *
 * Throws `SourceFileError` with `SOURCE_UNREADABLE` when the file cannot be opened, and with
 * `SOURCE_CHANGED` when its size or SHA-256 differs. `name` is the project-relative name used in
 * the messages.
 */
export async function openUnchangedSource(path: string, name: string, sha256: string, expectedBytes: number): Promise<Blob> {
  let blob: Blob
  try {
    // openAsBlob reports a missing file as ERR_INVALID_ARG_VALUE, so stat first for the errno.
    await stat(path)
    blob = await openAsBlob(path)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new SourceFileError('SOURCE_UNREADABLE', name, `${name}: the image file could not be read for upload (${reason}). Check that it still exists, then rerun the build.`, {
      cause: error,
    })
  }

  if (blob.size !== expectedBytes) throw sourceChanged(name, sha256, expectedBytes)

  const hash = createHash('sha256')
  try {
    const reader = blob.stream().getReader()
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) hash.update(chunk.value)
  } catch (error) {
    throw sourceChanged(name, sha256, expectedBytes, error)
  }
  if (hash.digest('hex') !== sha256) throw sourceChanged(name, sha256, expectedBytes)
  return blob
}

/** Reports whether a file-backed Blob from `openUnchangedSource` can no longer be read because its file changed. */
export async function isSourceChanged(blob: Blob): Promise<boolean> {
  try {
    await blob.slice(0, 1).arrayBuffer()
    return false
  } catch {
    return true
  }
}

export function sourceChanged(name: string, sha256: string, expectedBytes: number, cause?: unknown): SourceFileError {
  return new SourceFileError(
    'SOURCE_CHANGED',
    name,
    `${name}: the file changed during the build, after it was hashed (SHA-256 ${sha256}, ${expectedBytes} bytes) and before it was uploaded. ` +
      'Nothing was uploaded for it; rerun the build.',
    cause === undefined ? undefined : { cause },
  )
}
