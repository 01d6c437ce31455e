import { truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, PreflightError, formatFromFileName, inspectImage, resolveLimits } from '../../src/core/index.js'
import { makeAnimated, makeHeifHeader, makePng, tempDirs } from './helpers.js'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

/** Builds a PNG signature and IHDR chunk declaring a size, without pixel data: enough for header checks. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25)
  ihdr.writeUInt32BE(13, 0)
  ihdr.write('IHDR', 4, 'latin1')
  ihdr.writeUInt32BE(width, 8)
  ihdr.writeUInt32BE(height, 12)
  ihdr.set([8, 2, 0, 0, 0], 16)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr])
}

async function rejection(promise: Promise<unknown>): Promise<PreflightError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  if (!(error instanceof PreflightError)) throw new Error(`expected a PreflightError, got ${String(error)}`)
  return error
}

describe('inspectImage accepts', () => {
  it('PNG', async () => {
    const info = await inspectImage({ name: 'a.png', bytes: await makePng(1, 7, 5) })
    expect(info).toEqual({ format: 'png', bytes: expect.any(Number), width: 7, height: 5 })
  })

  it('JPEG', async () => {
    const bytes = await sharp({ create: { width: 6, height: 2, channels: 3, background: '#123' } }).jpeg().toBuffer()
    expect(await inspectImage({ name: 'a.jpg', bytes })).toMatchObject({ format: 'jpeg', width: 6, height: 2 })
  })

  it('animated GIF with frame count', async () => {
    const bytes = await makeAnimated('gif', 3, 5, 4)
    expect(await inspectImage({ name: 'a.gif', bytes })).toMatchObject({ format: 'gif', width: 5, height: 4, frames: 3 })
  })

  it('animated WebP with frame count', async () => {
    const bytes = await makeAnimated('webp', 4, 5, 4)
    expect(await inspectImage({ name: 'a.webp', bytes })).toMatchObject({ format: 'webp', width: 5, height: 4, frames: 4 })
  })

  it('still WebP without frames', async () => {
    const bytes = await sharp({ create: { width: 3, height: 3, channels: 3, background: '#fff' } }).webp().toBuffer()
    const info = await inspectImage({ name: 'a.webp', bytes })
    expect(info.frames).toBeUndefined()
  })

  it('SVG with prolog', async () => {
    const bytes = Buffer.from('\uFEFF<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg" width="24" height="12"></svg>')
    expect(await inspectImage({ name: 'logo.svg', bytes })).toMatchObject({ format: 'svg', width: 24, height: 12 })
  })

  it('SVG without size', async () => {
    const bytes = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>')
    expect(await inspectImage({ name: 'icon.svg', bytes })).toMatchObject({ format: 'svg', width: 0, height: 0 })
  })

  it('HEIC', async () => {
    const bytes = makeHeifHeader('heic', 640, 480)
    expect(await inspectImage({ name: 'photo.heic', bytes })).toMatchObject({ format: 'heic', width: 640, height: 480 })
  })

  it('AVIF when allowed', async () => {
    const bytes = await sharp({ create: { width: 3, height: 2, channels: 3, background: '#f00' } }).avif().toBuffer()
    expect(await inspectImage({ name: 'a.avif', bytes }, { allowAvif: true })).toMatchObject({ format: 'avif', width: 3, height: 2 })
  })

  it('format from bytes, not extension', async () => {
    expect(await inspectImage({ name: 'photo.JPG', bytes: await makePng(2) })).toMatchObject({ format: 'png' })
  })

  it('file from disk', async () => {
    const path = join(await dirs.make(), 'a.png')
    await writeFile(path, await makePng(3, 9, 8))
    expect(await inspectImage({ name: 'img/a.png', path })).toMatchObject({ format: 'png', width: 9, height: 8 })
  })

  it('exactly the limits', async () => {
    const info = await inspectImage({ name: 'edge.png', bytes: pngHeader(12_000, 8_333) })
    expect(info.width * info.height).toBeLessThanOrEqual(DEFAULT_LIMITS.maxPixels)
  })
})

describe('inspectImage rejects', () => {
  it('empty file', async () => {
    const path = join(await dirs.make(), 'empty.png')
    await writeFile(path, '')
    const error = await rejection(inspectImage({ name: 'img/empty.png', path }))
    expect(error.code).toBe('PREFLIGHT_EMPTY_FILE')
    expect(error.message).toContain('img/empty.png')
    expect(error.message).toContain('0 bytes')
  })

  it('Git LFS pointer', async () => {
    const pointer = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n'
    const error = await rejection(inspectImage({ name: 'img/hero.png', bytes: Buffer.from(pointer) }))
    expect(error.code).toBe('PREFLIGHT_LFS_POINTER')
    expect(error.message).toContain('img/hero.png')
    expect(error.message).toContain('git lfs pull')
    expect(error.message).toContain(`${pointer.length} bytes`)
  })

  it('file over 10 MB on disk', async () => {
    const path = join(await dirs.make(), 'big.png')
    await writeFile(path, await makePng(4))
    await truncate(path, 10 * 1024 * 1024 + 1)
    const error = await rejection(inspectImage({ name: 'img/big.png', path }))
    expect(error.code).toBe('PREFLIGHT_TOO_LARGE')
    expect(error.message).toContain('img/big.png')
    expect(error.message).toContain('10,485,760 bytes')
    expect(error.message).toContain('10,485,761 bytes')
  })

  it('bytes over a lowered limit', async () => {
    const bytes = await makePng(5)
    const error = await rejection(inspectImage({ name: 'a.png', bytes }, { maxBytes: 10 }))
    expect(error.code).toBe('PREFLIGHT_TOO_LARGE')
    expect(error.message).toContain(`${bytes.length} bytes`)
  })

  it('TIFF', async () => {
    const bytes = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).tiff().toBuffer()
    const error = await rejection(inspectImage({ name: 'scan.png', bytes }))
    expect(error.code).toBe('PREFLIGHT_UNSUPPORTED_FORMAT')
    expect(error.message).toContain('scan.png')
    expect(error.message).toContain('TIFF')
    expect(error.message).toContain('PNG, JPEG, GIF, WebP, SVG and HEIC')
  })

  it('BMP', async () => {
    const bytes = Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(60)])
    const error = await rejection(inspectImage({ name: 'old.bmp', bytes }))
    expect(error.code).toBe('PREFLIGHT_UNSUPPORTED_FORMAT')
    expect(error.message).toContain('BMP')
  })

  it('unknown content', async () => {
    const error = await rejection(inspectImage({ name: 'notes.png', bytes: Buffer.from('hello, not an image') }))
    expect(error.code).toBe('PREFLIGHT_UNSUPPORTED_FORMAT')
    expect(error.message).toContain('notes.png')
  })

  it('AVIF by default', async () => {
    const bytes = await sharp({ create: { width: 3, height: 2, channels: 3, background: '#f00' } }).avif().toBuffer()
    const error = await rejection(inspectImage({ name: 'a.avif', bytes }))
    expect(error.code).toBe('PREFLIGHT_AVIF_NOT_ALLOWED')
    expect(error.message).toContain('a.avif')
    expect(error.message).toContain('limits.allowAvif')
  })

  it('truncated PNG header', async () => {
    const bytes = pngHeader(10, 10).subarray(0, 12)
    const error = await rejection(inspectImage({ name: 'cut.png', bytes }))
    expect(error.code).toBe('PREFLIGHT_CORRUPT')
    expect(error.message).toContain('cut.png')
    expect(error.message).toContain('PNG')
  })

  it('zero-width PNG header', async () => {
    const error = await rejection(inspectImage({ name: 'zero.png', bytes: pngHeader(0, 10) }))
    expect(error.code).toBe('PREFLIGHT_CORRUPT')
  })

  it('truncated JPEG', async () => {
    const error = await rejection(inspectImage({ name: 'cut.jpg', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]) }))
    expect(error.code).toBe('PREFLIGHT_CORRUPT')
  })

  it('side over 12,000 px', async () => {
    const error = await rejection(inspectImage({ name: 'wide.png', bytes: pngHeader(12_001, 10) }))
    expect(error.code).toBe('PREFLIGHT_DIMENSION_TOO_LARGE')
    expect(error.message).toContain('wide.png')
    expect(error.message).toContain('12,000 px')
    expect(error.message).toContain('12,001 px')
  })

  it('AVIF side over 1,200 px', async () => {
    const bytes = await sharp({ create: { width: 1_201, height: 2, channels: 3, background: '#f00' } }).avif().toBuffer()
    const error = await rejection(inspectImage({ name: 'wide.avif', bytes }, { allowAvif: true }))
    expect(error.code).toBe('PREFLIGHT_DIMENSION_TOO_LARGE')
    expect(error.message).toContain('1,200 px limit of AVIF images')
    expect(error.message).toContain('1,201 px')
  })

  it('over 100 megapixels', async () => {
    const error = await rejection(inspectImage({ name: 'huge.png', bytes: pngHeader(11_000, 10_000) }))
    expect(error.code).toBe('PREFLIGHT_TOO_MANY_PIXELS')
    expect(error.message).toContain('huge.png')
    expect(error.message).toContain('100,000,000')
    expect(error.message).toContain('110,000,000')
  })

  it('animated GIF frames over the pixel limit', async () => {
    const bytes = await makeAnimated('gif', 3, 5, 4)
    const error = await rejection(inspectImage({ name: 'anim.gif', bytes }, { maxPixels: 50 }))
    expect(error.code).toBe('PREFLIGHT_TOO_MANY_PIXELS')
    expect(error.message).toContain('3 frames')
    expect(error.message).toContain('60 pixels')
  })

  it('animated WebP frames over the pixel limit', async () => {
    const bytes = await makeAnimated('webp', 3, 5, 4)
    const error = await rejection(inspectImage({ name: 'anim.webp', bytes }, { maxPixels: 59 }))
    expect(error.code).toBe('PREFLIGHT_TOO_MANY_PIXELS')
    expect(error.message).toContain('59 pixel limit')
  })

  it('missing file', async () => {
    const path = join(await dirs.make(), 'gone.png')
    const error = await rejection(inspectImage({ name: 'img/gone.png', path }))
    expect(error.code).toBe('PREFLIGHT_UNREADABLE')
    expect(error.message).toContain('img/gone.png')
    expect(error.message).toContain('ENOENT')
  })
})

describe('resolveLimits', () => {
  it('keeps defaults', () => {
    expect(resolveLimits({ maxBytes: undefined })).toEqual(DEFAULT_LIMITS)
  })

  it.each([
    [{ maxBytes: 0 }, /limits\.maxBytes/],
    [{ maxPixels: 1.5 }, /limits\.maxPixels/],
    [{ allowAvif: 'yes' }, /limits\.allowAvif/],
  ])('rejects %j', (override, message) => {
    expect(() => resolveLimits(override as never)).toThrow(message)
  })
})

describe('formatFromFileName', () => {
  it.each([
    ['a.PNG', {}, 'png'],
    ['dir/photo.JpEg', {}, 'jpeg'],
    ['x.jpg?url', {}, 'jpeg'],
    ['x.svg#icon', {}, 'svg'],
    ['x.HEIC', {}, 'heic'],
    ['x.avif', {}, undefined],
    ['x.AVIF', { allowAvif: true }, 'avif'],
    ['x.tiff', {}, undefined],
    ['x.png.map', {}, undefined],
    ['dir.png/file', {}, undefined],
    ['noextension', {}, undefined],
  ])('%s', (name, options, expected) => {
    expect(formatFromFileName(name, options)).toBe(expected)
  })
})
