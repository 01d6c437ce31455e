import { describe, expect, it } from 'vitest'
import { METADATA_TOOL_KEY, buildMetadata, parseOwnMetadata, sha256Bytes } from '../../src/core/index.js'
import type { ImageInfo } from '../../src/core/index.js'

const SHA = sha256Bytes('metadata test')
const INFO: ImageInfo = { format: 'png', bytes: 1234, width: 40, height: 30 }

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8')
}

describe('buildMetadata', () => {
  it('marks the tool and stores the facts', () => {
    expect(buildMetadata({ sha256: SHA, file: 'img/a.png', info: INFO })).toEqual({
      [METADATA_TOOL_KEY]: 1,
      sha256: SHA,
      file: 'img/a.png',
      bytes: 1234,
      width: 40,
      height: 30,
      format: 'png',
    })
  })

  it('shortens a long name from the start', () => {
    const file = `${'deep/'.repeat(300)}photo.png`
    const metadata = buildMetadata({ sha256: SHA, file, info: INFO })
    expect(jsonBytes(metadata)).toBeLessThanOrEqual(1024)
    expect(metadata.file).toMatch(/^\.\.\..*photo\.png$/)
  })

  it('uses the whole byte budget', () => {
    const metadata = buildMetadata({ sha256: SHA, file: 'x'.repeat(2000), info: INFO })
    expect(jsonBytes(metadata)).toBe(1024)
  })

  it('counts multi-byte characters', () => {
    const metadata = buildMetadata({ sha256: SHA, file: '図'.repeat(600), info: INFO })
    expect(jsonBytes(metadata)).toBeLessThanOrEqual(1024)
  })

  it('never splits a surrogate pair', () => {
    const metadata = buildMetadata({ sha256: SHA, file: '😀'.repeat(400), info: INFO })
    expect(String(metadata.file).replace(/^\.\.\./, '')).toMatch(/^(?:😀)+$/u)
  })

  it('counts JSON escapes', () => {
    const metadata = buildMetadata({ sha256: SHA, file: '"\\'.repeat(600), info: INFO }, 600)
    expect(jsonBytes(metadata)).toBeLessThanOrEqual(600)
  })

  it('rejects a budget too small', () => {
    expect(() => buildMetadata({ sha256: SHA, file: 'a.png', info: INFO }, 50)).toThrow(RangeError)
  })
})

describe('parseOwnMetadata', () => {
  it('reads back what was built', () => {
    const metadata = buildMetadata({ sha256: SHA, file: 'img/a.png', info: INFO })
    expect(parseOwnMetadata(metadata)).toEqual({ sha256: SHA, file: 'img/a.png', bytes: 1234, width: 40, height: 30, format: 'png' })
  })

  it.each([
    ['undefined', undefined],
    ['array', []],
    ['other tool', { sha256: SHA }],
    ['unknown version', { [METADATA_TOOL_KEY]: 2, sha256: SHA }],
    ['bad digest', { [METADATA_TOOL_KEY]: 1, sha256: 'abc' }],
  ])('ignores %s', (_name, meta) => {
    expect(parseOwnMetadata(meta)).toBeUndefined()
  })

  it('drops fields of the wrong type', () => {
    expect(parseOwnMetadata({ [METADATA_TOOL_KEY]: 1, sha256: SHA, bytes: -1, format: 'tiff' })).toEqual({ sha256: SHA, file: '' })
  })
})
