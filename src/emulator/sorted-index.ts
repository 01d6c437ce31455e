import type { StoredImage } from './stored-image.js'

/** Position of an image in list order: upload time, then ID. */
export interface ListKey {
  uploaded: string
  id: string
}

export function compareKeys(a: ListKey, b: ListKey): number {
  if (a.uploaded !== b.uploaded) return a.uploaded < b.uploaded ? -1 : 1
  if (a.id === b.id) return 0
  return a.id < b.id ? -1 : 1
}

/**
 * Images kept sorted by upload time and ID, so a list page is a binary search plus a slice
 * instead of a sort per request.
 */
export class SortedIndex {
  private readonly byId = new Map<string, StoredImage>()
  private ordered: StoredImage[] = []

  get size(): number {
    return this.ordered.length
  }

  get(id: string): StoredImage | undefined {
    return this.byId.get(id)
  }

  has(id: string): boolean {
    return this.byId.has(id)
  }

  ids(): string[] {
    return this.ordered.map((image) => image.id)
  }

  /** Inserts or replaces one image. Uploads arrive in time order, so the common case is an append. */
  set(image: StoredImage): void {
    if (this.byId.has(image.id)) this.remove(image.id)
    this.byId.set(image.id, image)

    const last = this.ordered[this.ordered.length - 1]
    if (!last || compareKeys(last, image) < 0) {
      this.ordered.push(image)
      return
    }
    this.ordered.splice(this.firstIndexAfter(image, true), 0, image)
  }

  /** Inserts many images with one sort instead of one splice each. */
  setMany(images: StoredImage[]): void {
    for (const image of images) this.byId.set(image.id, image)
    this.ordered = [...this.byId.values()].sort(compareKeys)
  }

  remove(id: string): StoredImage | undefined {
    const image = this.byId.get(id)
    if (!image) return undefined
    this.byId.delete(id)
    this.removeFromOrder(image)
    return image
  }

  /**
   * Returns up to `limit` images after `after` (exclusive) in the given order, and whether
   * more follow. Without `after` the page starts at the first image of that order.
   */
  page(after: ListKey | undefined, order: 'asc' | 'desc', limit: number): { images: StoredImage[]; more: boolean } {
    if (order === 'asc') {
      const start = after ? this.firstIndexAfter(after, false) : 0
      const images = this.ordered.slice(start, start + limit)
      return { images, more: start + limit < this.ordered.length }
    }

    // Descending: walk back from the last image before `after`.
    const end = after ? this.firstIndexAfter(after, true) : this.ordered.length
    const start = Math.max(0, end - limit)
    const images = this.ordered.slice(start, end).reverse()
    return { images, more: start > 0 }
  }

  /** Returns `limit` images starting at `offset` in ascending order (for page-based list v1). */
  slice(offset: number, limit: number): StoredImage[] {
    return this.ordered.slice(offset, offset + limit)
  }

  private removeFromOrder(image: StoredImage): void {
    const index = this.firstIndexAfter(image, true)
    if (this.ordered[index] === image) this.ordered.splice(index, 1)
  }

  /**
   * Binary search. With `inclusive` it returns the first index whose key is >= `key`,
   * otherwise the first index whose key is > `key`.
   */
  private firstIndexAfter(key: ListKey, inclusive: boolean): number {
    let low = 0
    let high = this.ordered.length
    while (low < high) {
      const middle = (low + high) >>> 1
      const comparison = compareKeys(this.ordered[middle] as StoredImage, key)
      if (comparison < 0 || (!inclusive && comparison === 0)) low = middle + 1
      else high = middle
    }
    return low
  }
}
