import { describe, expect, it } from 'vitest'
import { patternFor, resolveImageFileName } from '../../src/vite/asset-names.js'

const DIGEST = 'AbCdEfGh_-ijklmnopqrstuvwxyz0123456789ABCDE'

describe('resolveImageFileName', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['assets/[name]-[hash][extname]', 'photo.jpg', 'assets/photo-AbCdEfGh.jpg'],
    ['assets/[name]-[hash:12].[ext]', 'photo.jpg', 'assets/photo-AbCdEfGh_-ij.jpg'],
    ['img/[name][extname]', 'photo.jpg', 'img/photo-AbCdEfGh.jpg'],
    ['[hash][extname]', 'photo.PNG', 'AbCdEfGh.PNG'],
    ['assets/[name]-[hash][extname]', 'my photo.jpg', 'assets/my photo-AbCdEfGh.jpg'],
    ['assets/[name]-[hash][extname]', 'a?b#c.png', 'assets/a_b_c-AbCdEfGh.png'],
    ['assets/[name]-[hash][extname]', 'café.png', 'assets/café-AbCdEfGh.png'],
    ['assets/[format]-[hash][extname]', 'photo.jpg', undefined],
  ]
  for (const [pattern, name, expected] of cases) {
    it(`${pattern} with ${name}`, () => {
      expect(resolveImageFileName(pattern, name, DIGEST)).toBe(expected)
    })
  }
})

describe('patternFor', () => {
  const info = { names: ['photo.jpg'], originalFileNames: ['src/photo.jpg'], source: new Uint8Array(), type: 'asset' as const }

  it('string pattern', () => {
    expect(patternFor('x/[name][extname]', info)).toBe('x/[name][extname]')
  })

  it('function pattern', () => {
    expect(patternFor((asset) => `by-function/${asset.names?.[0]}`, info)).toBe('by-function/photo.jpg')
  })

  it('default pattern', () => {
    expect(patternFor(undefined, info)).toBe('assets/[name]-[hash][extname]')
  })
})
