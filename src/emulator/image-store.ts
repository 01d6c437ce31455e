import { SortedIndex } from './sorted-index.js'
import type { StoreBackend } from './store-backend.js'
import type { StoredImage } from './stored-image.js'

/**
 * The account's images: a sorted in-memory index of records plus a backend for bytes and
 * persistence. IDs being uploaded are reserved so two concurrent uploads of one custom ID
 * cannot both succeed.
 */
export class ImageStore {
  readonly index = new SortedIndex()
  private readonly reserved = new Set<string>()

  constructor(readonly backend: StoreBackend) {
    this.index.setMany(backend.loadImages())
  }

  get(id: string): StoredImage | undefined {
    return this.index.get(id)
  }

  /** Claims `id` for an upload. Returns false when the ID exists or another upload has claimed it. */
  reserve(id: string): boolean {
    if (this.index.has(id) || this.reserved.has(id)) return false
    this.reserved.add(id)
    return true
  }

  release(id: string): void {
    this.reserved.delete(id)
  }

  /** Stores a reserved image; the record becomes visible only after the backend wrote it. */
  async add(image: StoredImage, bytes: Uint8Array): Promise<void> {
    try {
      await this.backend.writeImage(image, bytes)
      this.index.set(image)
    } finally {
      this.reserved.delete(image.id)
    }
  }

  async update(image: StoredImage): Promise<void> {
    await this.backend.writeRecord(image)
    this.index.set(image)
  }

  async delete(id: string): Promise<StoredImage | undefined> {
    const image = this.index.remove(id)
    if (image) await this.backend.deleteImage(image)
    return image
  }

  readBytes(image: StoredImage): Promise<Uint8Array | undefined> {
    return this.backend.readBytes(image)
  }

  seed(entries: Array<{ image: StoredImage; bytes: Uint8Array | undefined }>): void {
    this.backend.writeImagesSync(entries)
    this.index.setMany(entries.map((entry) => entry.image))
  }
}
