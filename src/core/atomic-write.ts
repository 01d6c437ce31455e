import { randomUUID } from 'node:crypto'
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

// Windows refuses to replace a file that another process has open for a moment (antivirus,
// indexers); those errors pass after a short wait.
const TRANSIENT_RENAME_ERRORS = new Set(['EPERM', 'EACCES', 'EBUSY'])
const RENAME_ATTEMPTS = 10

/**
 * Replaces `path` with `content` so that readers see the old or the new file, never a part: the
 * content goes to a temporary file in the same folder, which is then renamed over the target.
 * NOTE: there is no fsync, so a power loss (unlike a killed process) can leave an empty or
 * truncated file. The manifest loader treats that as a cache miss.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const folder = dirname(path)
  await mkdir(folder, { recursive: true })
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`)

  await writeFile(temporary, content)
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await rename(temporary, path)
        return
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? ''
        if (!TRANSIENT_RENAME_ERRORS.has(code) || attempt >= RENAME_ATTEMPTS) throw error
        await sleep(10 * attempt)
      }
    }
  } catch (error) {
    await unlink(temporary).catch(() => undefined)
    throw error
  }
}
