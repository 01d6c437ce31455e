import pLimit from 'p-limit'
import type { ImageSource } from './types.js'
import { contentId } from './content-id.js'
import { isSha256Hex, sha256Bytes, sha256File } from './hash.js'
import { asError } from './api-failure.js'

/** Every source with the same bytes: one upload, one ID. */
export interface ContentGroup {
  sha256: string
  id: string
  /** The first source with this content; its name is used in messages and the manifest. */
  first: ImageSource
  sources: ImageSource[]
}

export interface HashFailure {
  source: ImageSource
  error: Error
}

export interface GroupedSources {
  /** In order of first appearance. */
  groups: Map<string, ContentGroup>
  failures: HashFailure[]
  /** For each source, its group's SHA-256, or undefined when it could not be hashed. */
  sha256BySource: Array<string | undefined>
}

/**
 * Hashes every source (its given `sha256`, else its bytes, else its file streamed from disk,
 * each path read once) and groups the sources by content.
 */
export async function groupByContent(sources: readonly ImageSource[], idPrefix: string, concurrency: number): Promise<GroupedSources> {
  const limit = pLimit(concurrency)
  const fileHashes = new Map<string, Promise<string>>()

  const hashOf = (source: ImageSource): Promise<string> => {
    if (source.sha256 !== undefined) {
      if (!isSha256Hex(source.sha256)) {
        return Promise.reject(new TypeError(`Invalid sha256 of image source ${JSON.stringify(source.name)}: expected 64 lowercase hex characters.`))
      }
      return Promise.resolve(source.sha256)
    }
    if (source.bytes) return Promise.resolve(sha256Bytes(source.bytes))
    if (source.path === undefined) {
      return Promise.reject(new TypeError(`Image source ${JSON.stringify(source.name)} has neither bytes, a path nor a sha256.`))
    }

    let pending = fileHashes.get(source.path)
    if (!pending) {
      const path = source.path
      pending = limit(() => sha256File(path))
      fileHashes.set(path, pending)
    }
    return pending
  }

  const settled = await Promise.allSettled(sources.map(hashOf))

  const groups = new Map<string, ContentGroup>()
  const failures: HashFailure[] = []
  const sha256BySource: Array<string | undefined> = []
  settled.forEach((result, index) => {
    const source = sources[index] as ImageSource
    if (result.status === 'rejected') {
      failures.push({ source, error: asError(result.reason) })
      sha256BySource.push(undefined)
      return
    }

    const sha256 = result.value
    sha256BySource.push(sha256)
    const group = groups.get(sha256)
    if (group) {
      group.sources.push(source)
    } else {
      groups.set(sha256, { sha256, id: contentId(sha256, idPrefix), first: source, sources: [source] })
    }
  })
  return { groups, failures, sha256BySource }
}
