// Image state of one build session (see build-session.ts), shared by its hooks and reset when a
// build starts while no other build of the session is open.

/** One image the build may upload, keyed by the SHA-256 of its bytes. */
export interface KnownImage {
  sha256: string
  /** Project-relative path with `/` separators, for messages and the manifest. */
  name: string
  bytes: Uint8Array
}

export class BuildState {
  /** Whether `renderBuiltUrl` returns delivery URLs, decided once in `buildStart`. */
  rewriting = false
  accountHash = ''

  /** Images by SHA-256. */
  readonly images = new Map<string, KnownImage>()
  /** Output file name (`assets/photo-Ab12Cd34.jpg`) of each emitted image, to its SHA-256. */
  readonly shaByOutputName = new Map<string, string>()
  /** Images that received a delivery URL, so they must be on Cloudflare before the build ends. */
  readonly referenced = new Set<string>()
  /** Images confirmed on Cloudflare by this build (uploaded, cached in the manifest, or already present). */
  readonly uploaded = new Set<string>()
  /** Uploads in progress by SHA-256, so parallel outputs of one build wait for the same request. */
  readonly inFlight = new Map<string, Promise<unknown>>()
  /** Public file URL (`/photo.jpg`) to its SHA-256, or null when it is not uploaded. */
  readonly publicFiles = new Map<string, string | null>()
  /** Absolute paths of SVG files that HTML uses with a `#fragment`, which stay local. */
  readonly svgSprites = new Set<string>()
  /** Messages already logged, so each warning appears once per build. */
  readonly warned = new Set<string>()

  /** Forgets everything, before a build starts. */
  reset(): void {
    this.rewriting = false
    this.accountHash = ''
    this.images.clear()
    this.shaByOutputName.clear()
    this.referenced.clear()
    this.uploaded.clear()
    this.inFlight.clear()
    this.publicFiles.clear()
    this.svgSprites.clear()
    this.warned.clear()
  }

  /** Records an image under its first name. Identical bytes under another name share the entry. */
  addImage(image: KnownImage): KnownImage {
    const existing = this.images.get(image.sha256)
    if (existing) return existing
    this.images.set(image.sha256, image)
    return image
  }
}
