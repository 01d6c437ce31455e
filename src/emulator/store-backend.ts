import type { StoredImage } from './stored-image.js'
import type { AccountSettings } from './account-settings.js'

/** Storage for image records and bytes: memory, or a folder that survives restarts. */
export interface StoreBackend {
  /** Records stored by an earlier run; empty for a new store. */
  loadImages(): StoredImage[]
  writeImage(image: StoredImage, bytes: Uint8Array | undefined): Promise<void>
  /** Rewrites the record only (after a PATCH); the bytes do not change. */
  writeRecord(image: StoredImage): Promise<void>
  deleteImage(image: StoredImage): Promise<void>
  /** Undefined when the image was seeded without bytes. */
  readBytes(image: StoredImage): Promise<Uint8Array | undefined>
  /** Synchronous bulk write for `seed()`. */
  writeImagesSync(entries: Array<{ image: StoredImage; bytes: Uint8Array | undefined }>): void
  loadAccountSettings(): AccountSettings | undefined
  saveAccountSettings(settings: AccountSettings): void
  /** Resolves when every pending write has reached the disk. */
  flush(): Promise<void>
}

export class MemoryBackend implements StoreBackend {
  private readonly bytesById = new Map<string, Uint8Array>()

  loadImages(): StoredImage[] {
    return []
  }

  async writeImage(image: StoredImage, bytes: Uint8Array | undefined): Promise<void> {
    if (bytes) this.bytesById.set(image.id, bytes)
  }

  async writeRecord(): Promise<void> {}

  async deleteImage(image: StoredImage): Promise<void> {
    this.bytesById.delete(image.id)
  }

  async readBytes(image: StoredImage): Promise<Uint8Array | undefined> {
    return this.bytesById.get(image.id)
  }

  writeImagesSync(entries: Array<{ image: StoredImage; bytes: Uint8Array | undefined }>): void {
    for (const { image, bytes } of entries) {
      if (bytes) this.bytesById.set(image.id, bytes)
    }
  }

  loadAccountSettings(): AccountSettings | undefined {
    return undefined
  }

  saveAccountSettings(): void {}

  async flush(): Promise<void> {}
}
