// The image sets the scenarios share, cached in bench/.work between runs.
import path from 'node:path'
import { ensureImageSet, uniformPngSpecs, type ImageSet } from './images.js'
import { WORK_DIR } from './scenario.js'

type Log = (message: string) => void

/** 1,000 distinct PNGs of about 10 KB: small, so request handling dominates, not bytes. */
export function smallImageSet(log: Log): Promise<ImageSet> {
  return ensureImageSet(path.join(WORK_DIR, 'images-10kb'), uniformPngSpecs(1000, 10_000, 10_000), log)
}

/** 1,000 distinct PNGs of about 1 MB (1 GB in all), for the memory and hashing scenarios. */
export function largeImageSet(log: Log): Promise<ImageSet> {
  return ensureImageSet(path.join(WORK_DIR, 'images-1mb'), uniformPngSpecs(1000, 1_000_000, 50_000), log)
}

/** Returns a set of the first `count` images of `set`. */
export function firstImages(set: ImageSet, count: number): ImageSet {
  const files = set.files.slice(0, count)
  return { dir: set.dir, files, totalBytes: files.reduce((sum, file) => sum + file.bytes, 0) }
}
