/** An image record as the emulator keeps it; the bytes live in memory or in a file beside it. */
export interface StoredImage {
  id: string
  filename: string
  /** ISO-8601 UTC with milliseconds, as Cloudflare writes it. */
  uploaded: string
  requireSignedURLs: boolean
  /** True when the uploader chose the ID; such an image can never require signed URLs. */
  customId: boolean
  meta?: Record<string, unknown>
  creator?: string
  contentType: string
  /** Size of the original bytes. */
  size: number
  width?: number
  height?: number
  /** False for images seeded without bytes; delivery then serves a 1x1 PNG placeholder. */
  hasBytes: boolean
}
