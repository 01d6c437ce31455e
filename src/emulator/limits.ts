/** Limits of the Images API that the emulator enforces. */

/**
 * Maximum upload size. Cloudflare documents "10 MB"; the emulator reads that as 10 MiB.
 * NOTE: whether Cloudflare counts 10,000,000 or 10,485,760 bytes is not documented.
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024

/** Room for multipart boundaries and the other fields around a maximum-size file. */
export const MAX_UPLOAD_BODY_BYTES = MAX_FILE_BYTES + 256 * 1024

export const MAX_SIDE_PIXELS = 12_000

/** Area limit, counted over all frames of an animated GIF or WebP. */
export const MAX_TOTAL_PIXELS = 100_000_000

export const MAX_METADATA_BYTES = 1024

export const MAX_CUSTOM_ID_LENGTH = 1024

export const MAX_CREATOR_LENGTH = 1024

export const MAX_NAMED_VARIANTS = 100

/** The `count.allowed` value of `GET /images/v1/stats`; uploads past it are not rejected. */
export const ALLOWED_IMAGES = 100_000

/** Lifetime of a batch token. NOTE: Cloudflare documents it only as short-lived, about an hour. */
export const BATCH_TOKEN_LIFETIME_MS = 60 * 60 * 1000
