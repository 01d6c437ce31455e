import { describe, expect, it } from 'vitest'
import { SortedIndex } from '../../src/emulator/sorted-index.js'
import type { StoredImage } from '../../src/emulator/stored-image.js'

function image(id: string, uploaded = '2026-01-01T00:00:00.000Z'): StoredImage {
  return { id, uploaded, filename: id, requireSignedURLs: false, customId: true, contentType: 'image/png', size: 0, hasBytes: false }
}

function ids(images: StoredImage[]): string[] {
  return images.map((entry) => entry.id)
}

describe('SortedIndex', () => {
  it('keeps upload order for out-of-order inserts', () => {
    const index = new SortedIndex()
    index.set(image('c', '2026-01-03T00:00:00.000Z'))
    index.set(image('a', '2026-01-01T00:00:00.000Z'))
    index.set(image('b', '2026-01-02T00:00:00.000Z'))

    expect(index.ids()).toEqual(['a', 'b', 'c'])
  })

  it('replaces an image with the same ID', () => {
    const index = new SortedIndex()
    index.set(image('a', '2026-01-01T00:00:00.000Z'))
    index.set(image('b', '2026-01-02T00:00:00.000Z'))
    index.set(image('a', '2026-01-03T00:00:00.000Z'))

    expect(index.ids()).toEqual(['b', 'a'])
    expect(index.size).toBe(2)
  })

  it('pages ascending after a key', () => {
    const index = new SortedIndex()
    index.setMany(['a', 'b', 'c', 'd', 'e'].map((id) => image(id)))
    const first = index.page(undefined, 'asc', 2)
    const second = index.page(first.images[1], 'asc', 2)
    const third = index.page(second.images[1], 'asc', 2)

    expect(ids(first.images)).toEqual(['a', 'b'])
    expect(ids(second.images)).toEqual(['c', 'd'])
    expect(ids(third.images)).toEqual(['e'])
    expect(third.more).toBe(false)
  })

  it('pages descending after a key', () => {
    const index = new SortedIndex()
    index.setMany(['a', 'b', 'c', 'd', 'e'].map((id) => image(id)))
    const first = index.page(undefined, 'desc', 2)
    const second = index.page(first.images[1], 'desc', 2)
    const third = index.page(second.images[1], 'desc', 2)

    expect(ids(first.images)).toEqual(['e', 'd'])
    expect(ids(second.images)).toEqual(['c', 'b'])
    expect(ids(third.images)).toEqual(['a'])
    expect(third.more).toBe(false)
  })

  it('reports more when a page ends early', () => {
    const index = new SortedIndex()
    index.setMany(['a', 'b', 'c'].map((id) => image(id)))

    expect(index.page(undefined, 'asc', 2).more).toBe(true)
    expect(index.page(undefined, 'asc', 3).more).toBe(false)
  })

  it('removes an image', () => {
    const index = new SortedIndex()
    index.setMany(['a', 'b', 'c'].map((id) => image(id)))
    index.remove('b')

    expect(index.ids()).toEqual(['a', 'c'])
    expect(index.has('b')).toBe(false)
  })
})
