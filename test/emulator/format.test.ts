import { describe, expect, it } from 'vitest'
import { countWebpFrames, detectFormat, inspectImage } from '../../src/emulator/image-format.js'
import { BMP, GARBAGE, ICO, SVG, encode, gifWithFrames, heicHeader, png } from './helpers.js'

function webpWithFrames(frames: number): Buffer {
  const chunk = (fourcc: string, size: number) => {
    const header = Buffer.alloc(8)
    header.write(fourcc, 0, 'latin1')
    header.writeUInt32LE(size, 4)
    return Buffer.concat([header, Buffer.alloc(size + (size % 2))])
  }
  const chunks = [chunk('VP8X', 10), chunk('ANIM', 6), ...Array.from({ length: frames }, () => chunk('ANMF', 17))]
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), ...chunks])
  const riff = Buffer.alloc(8)
  riff.write('RIFF', 0, 'latin1')
  riff.writeUInt32LE(body.length, 4)
  return Buffer.concat([riff, body])
}

describe('detectFormat', () => {
  const cases: Array<[string, () => Promise<Buffer> | Buffer, string | undefined]> = [
    ['PNG', () => png(), 'png'],
    ['JPEG', () => encode('jpeg'), 'jpeg'],
    ['GIF', () => encode('gif'), 'gif'],
    ['WebP', () => encode('webp'), 'webp'],
    ['AVIF', () => encode('avif'), 'avif'],
    ['TIFF', () => encode('tiff'), 'tiff'],
    ['HEIC', () => heicHeader(2, 2), 'heic'],
    ['SVG', () => SVG, 'svg'],
    ['SVG without XML declaration', () => Buffer.from('<svg viewBox="0 0 1 1"></svg>'), 'svg'],
    ['BMP', () => BMP, 'bmp'],
    ['ICO', () => ICO, 'ico'],
    ['text', () => GARBAGE, undefined],
    ['HTML', () => Buffer.from('<html><body>no svg</body></html>'), undefined],
    ['empty', () => Buffer.alloc(0), undefined],
  ]
  for (const [name, make, format] of cases) {
    it(`detects ${name}`, async () => {
      expect(detectFormat(await make())).toBe(format)
    })
  }
})

describe('frame counting', () => {
  it('counts GIF frames', () => {
    expect(inspectImage(gifWithFrames(10, 10, 7))?.frames).toBe(7)
  })

  it('counts WebP ANMF chunks', () => {
    expect(countWebpFrames(webpWithFrames(4))).toBe(4)
  })

  it('counts a still WebP as one frame', async () => {
    expect(countWebpFrames(await encode('webp'))).toBe(1)
  })
})

describe('inspectImage', () => {
  it('accepts SVG without a size', () => {
    expect(inspectImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toEqual({ format: 'svg', frames: 1 })
  })

  it('rejects a truncated PNG', async () => {
    expect(inspectImage((await png()).subarray(0, 12))).toBeUndefined()
  })
})
