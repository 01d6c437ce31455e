// Deterministic benchmark images made with sharp. The same seed always gives the same bytes,
// so a cached set in bench/.work can be reused across runs and machines.
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'

export type BenchFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'svg'

export const EXTENSIONS: Record<BenchFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif', svg: 'svg' }

export interface ImageSpec {
  /** File name inside the set's folder. */
  file: string
  format: BenchFormat
  /** Approximate size wanted; raster sizes land within about 15 % of it. */
  targetBytes: number
  seed: number
}

/** Mulberry32: a small, fast PRNG, good enough to make distinct noise and pick sizes. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * RGB pixels: a smooth gradient with noise on top. Pure noise would defeat every codec; the
 * gradient keeps JPEG and WebP sizes closer to those of photos of the same dimensions.
 */
function pixels(width: number, height: number, seed: number): Buffer {
  const random = createRandom(seed)
  const data = Buffer.allocUnsafe(width * height * 3)
  const hueShift = Math.floor(random() * 255)
  let offset = 0
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const noise = Math.floor(random() * 96)
      data[offset++] = (((x * 255) / width + hueShift) & 255) ^ noise
      data[offset++] = (((y * 255) / height) & 255) ^ noise
      data[offset++] = (hueShift + noise * 2) & 255
    }
  }
  return data
}

async function encodeRaster(format: Exclude<BenchFormat, 'svg'>, side: number, seed: number): Promise<Buffer> {
  const image = sharp(pixels(side, side, seed), { raw: { width: side, height: side, channels: 3 } })
  switch (format) {
    case 'jpeg':
      return image.jpeg({ quality: 85 }).toBuffer()
    case 'png':
      return image.png({ compressionLevel: 1 }).toBuffer()
    case 'webp':
      return image.webp({ quality: 85 }).toBuffer()
    case 'gif':
      return image.gif({ effort: 1 }).toBuffer()
  }
}

/** Starting guess of bytes per pixel, corrected after one trial encode. */
const BYTES_PER_PIXEL: Record<Exclude<BenchFormat, 'svg'>, number> = { jpeg: 1.2, png: 2.5, webp: 0.9, gif: 0.9 }

async function makeRaster(format: Exclude<BenchFormat, 'svg'>, targetBytes: number, seed: number): Promise<Buffer> {
  const guessSide = Math.max(16, Math.round(Math.sqrt(targetBytes / BYTES_PER_PIXEL[format])))
  const trial = await encodeRaster(format, guessSide, seed)
  const side = Math.max(16, Math.round(guessSide * Math.sqrt(targetBytes / trial.length)))
  return side === guessSide ? trial : encodeRaster(format, side, seed)
}

/** Builds an SVG of random rectangles, padded to the wanted size (each rectangle is about 70 bytes). */
function makeSvg(targetBytes: number, seed: number): Buffer {
  const random = createRandom(seed)
  const parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">\n']
  let length = parts[0]!.length
  while (length < targetBytes - 10) {
    const colour = Math.floor(random() * 0xffffff).toString(16).padStart(6, '0')
    const rect = `<rect x="${Math.floor(random() * 400)}" y="${Math.floor(random() * 300)}" width="${1 + Math.floor(random() * 40)}" height="${1 + Math.floor(random() * 40)}" fill="#${colour}"/>\n`
    parts.push(rect)
    length += rect.length
  }
  parts.push('</svg>\n')
  return Buffer.from(parts.join(''))
}

export function makeImage(spec: ImageSpec): Promise<Buffer> {
  return spec.format === 'svg' ? Promise.resolve(makeSvg(spec.targetBytes, spec.seed)) : makeRaster(spec.format, spec.targetBytes, spec.seed)
}

export interface ImageSet {
  dir: string
  files: Array<{ file: string; path: string; bytes: number; format: BenchFormat }>
  totalBytes: number
}

/**
 * Writes every image of `specs` into `dir`, unless `dir/set.json` shows the same specs were
 * written before. Runs `parallel` encodes at a time (sharp uses its own threads inside each).
 */
export async function ensureImageSet(dir: string, specs: readonly ImageSpec[], log: (message: string) => void, parallel = 4): Promise<ImageSet> {
  const stampPath = path.join(dir, 'set.json')
  const stamp = JSON.stringify(specs)
  if (existsSync(stampPath)) {
    const previous = JSON.parse(await readFile(stampPath, 'utf8')) as { specs: string; set: ImageSet }
    if (previous.specs === stamp) return previous.set
  }

  log(`generating ${specs.length} images in ${path.relative(process.cwd(), dir)}`)
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })

  const files: ImageSet['files'] = new Array(specs.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < specs.length) {
      const index = next++
      const spec = specs[index]!
      const bytes = await makeImage(spec)
      const filePath = path.join(dir, spec.file)
      await mkdir(path.dirname(filePath), { recursive: true })
      await writeFile(filePath, bytes)
      files[index] = { file: spec.file, path: filePath, bytes: bytes.length, format: spec.format }
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker))

  const set: ImageSet = { dir, files, totalBytes: files.reduce((sum, entry) => sum + entry.bytes, 0) }
  await writeFile(stampPath, JSON.stringify({ specs: stamp, set }))
  return set
}

/** `count` distinct PNGs of about `targetBytes` each. */
export function uniformPngSpecs(count: number, targetBytes: number, seedBase: number): ImageSpec[] {
  return Array.from({ length: count }, (_, index) => ({
    file: `image-${String(index).padStart(5, '0')}.png`,
    format: 'png' as const,
    targetBytes,
    seed: seedBase + index,
  }))
}
