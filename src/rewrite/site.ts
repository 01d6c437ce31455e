import { readFile, realpath, stat } from 'node:fs/promises'
import fg from 'fast-glob'
import pLimit from 'p-limit'
import type { Logger } from '../api/types.js'
import { parseSiteDocument, toSiteName, type SiteDocument } from './documents.js'
import type { FileState } from './decide.js'
import { isInside } from './resolve.js'

/** Files the rewrite parses and edits. */
const REWRITTEN_FILES = ['**/*.{html,htm,css}']

/** Files searched for names of uploaded images before a local copy is deleted. */
export const REFERENCING_FILES = ['**/*.{html,htm,css,js,mjs,cjs,json,xml,webmanifest,svg}']

// File reads in flight at once: enough to keep a disk busy, few enough to stay far from the open-file limit.
const READ_CONCURRENCY = 16

/**
 * Lists files of the site matching `patterns`, as sorted absolute paths. Symbolic links are not
 * listed (fast-glob 3 reports them as links, not files, when it does not follow them), so the
 * rewrite never reads or writes a file through one.
 */
export async function listSiteFiles(dir: string, patterns: string[]): Promise<string[]> {
  const files = await fg(patterns, { cwd: dir, absolute: true, onlyFiles: true, followSymbolicLinks: false, caseSensitiveMatch: false })
  return files.sort()
}

/**
 * Reads and parses every HTML and CSS file of the site. A file that is not valid UTF-8 is
 * skipped with a warning, because writing it back would change bytes the rewrite never touched.
 */
export async function loadSiteDocuments(dir: string, logger: Logger | undefined): Promise<SiteDocument[]> {
  const files = await listSiteFiles(dir, REWRITTEN_FILES)
  const limit = pLimit(READ_CONCURRENCY)

  const documents = await Promise.all(
    files.map((file) =>
      limit(async () => {
        const bytes = await readFile(file)
        const source = bytes.toString('utf8')
        const name = toSiteName(dir, file)
        if (!Buffer.from(source, 'utf8').equals(bytes)) {
          logger?.warn(`Skipped ${name}: it is not valid UTF-8, so it cannot be rewritten without changing other bytes.`)
          return undefined
        }
        return parseSiteDocument(file, name, source)
      }),
    ),
  )

  return documents.filter((document) => document !== undefined)
}

/**
 * Classifies each path as `file` (a regular file whose real path, after symbolic links, is inside
 * `realDir`), `missing`, or `outside`.
 */
export async function checkFiles(paths: Iterable<string>, realDir: string): Promise<Map<string, FileState>> {
  const limit = pLimit(READ_CONCURRENCY)
  const entries = await Promise.all(
    [...new Set(paths)].map((filePath) =>
      limit(async (): Promise<[string, FileState]> => {
        try {
          const real = await realpath(filePath)
          if (!isInside(realDir, real)) return [filePath, 'outside']
          const info = await stat(real)
          return [filePath, info.isFile() ? 'file' : 'missing']
        } catch (error) {
          if (isMissingFileError(error)) return [filePath, 'missing']
          throw error
        }
      }),
    ),
  )
  return new Map(entries)
}

function isMissingFileError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG'
}
