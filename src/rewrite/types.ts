import type { FilterPattern } from '@rollup/pluginutils'
import type { Logger } from '../api/types.js'
import type { ImageSource, Limits, ManifestEntry } from '../core/types.js'

export interface RewriteOptions {
  /** Folder of the built site. */
  dir: string
  /**
   * Public path the site is served under, such as `/docs/`. A reference that starts with `/` is
   * looked up in `dir` after this prefix is removed, and one outside the prefix is reported.
   * @default '/'
   */
  base?: string
  /**
   * Delete from `dir` each image that `upload` returned an entry for (uploaded now, or already
   * in the manifest) unless some HTML, CSS, JS, JSON, XML, SVG or web manifest file of the site
   * still names it after the rewrite.
   * @default false
   */
  deleteLocal?: boolean
  /**
   * Plan only: report what would be uploaded, rewritten and deleted, without uploading or writing.
   * @default false
   */
  dryRun?: boolean
  /**
   * Uploads the images (or confirms they are uploaded) and returns their manifest entries keyed by
   * SHA-256 (hex). Every source comes with `sha256` set. A source missing from the result stays local.
   */
  upload: (sources: ImageSource[]) => Promise<Map<string, ManifestEntry>>
  /** Builds the delivery URL of an uploaded image. `variant` is the value of the nearest `data-cf-variant`, when there is one. */
  deliveryUrlFor: (entry: ManifestEntry, variant?: string) => string
  /**
   * Input limits for the preflight check that runs before `upload`. Pass the uploader's limits.
   * An image that fails the check stays local and is reported.
   * @default the core's defaults
   */
  limits?: Partial<Limits>
  /** Images to handle, as glob patterns relative to `dir`. @default every image */
  include?: FilterPattern
  /** Images to leave local, as glob patterns relative to `dir`. @default none */
  exclude?: FilterPattern
  logger?: Logger
}

/** Reason a reference to a local image was left as it is. */
export type ReferenceIssueReason =
  /** The file does not exist in `dir`. */
  | 'missing'
  /** The reference resolves outside `dir`. Such a file is never read. */
  | 'outside'
  /** An absolute reference that does not start with `base`. */
  | 'outside-base'
  /** A format Cloudflare Images does not accept, such as ICO, BMP or TIFF. */
  | 'unsupported-format'
  /** An SVG referenced with a `#fragment`, as sprites are, which only works from the same origin. */
  | 'svg-fragment'
  /** The core's preflight rejected the file, because its bytes are not an image, it is a Git LFS pointer, or it is over a limit. */
  | 'rejected'
  /** `upload` returned no entry for the image. */
  | 'not-uploaded'

export interface ReferenceIssue {
  reason: ReferenceIssueReason
  /** Referencing file, relative to `dir` with `/` separators. */
  file: string
  line: number
  /** The reference as written, with escapes decoded. */
  url: string
  /** The image it resolves to, relative to `dir`, when it resolves inside `dir`. */
  image?: string
  message: string
}

export interface RewriteReport {
  dryRun: boolean
  /** HTML and CSS files read. */
  filesScanned: number
  /** Files changed, or that a dry run would change, relative to `dir`. */
  filesChanged: string[]
  /** References to local image files found, including the ones left local. */
  references: number
  /** References to local images that `include`/`exclude` leave local. */
  excluded: number
  /** References rewritten to delivery URLs, or that a dry run would rewrite. */
  rewritten: number
  /** Distinct local image files passed to `upload` (or that a dry run would pass), relative to `dir`. */
  images: string[]
  /** Distinct contents among `images`. */
  uniqueContents: number
  /** Images for which `upload` returned an entry; 0 in a dry run. */
  uploaded: number
  issues: ReferenceIssue[]
  /** Image files deleted, or that a dry run would delete, relative to `dir`. */
  deleted: string[]
  /** Images with an entry that were not deleted because a file still names them. */
  notDeleted: Array<{ image: string; namedIn: string }>
}
