import { isSha256Hex } from './hash.js'

// Content IDs are `<idPrefix><hex digest slice>`. The prefix is the namespace of this tool on
// the account and the digest slice is the identity of the bytes, so the same bytes always get
// the same ID and paths never enter it.

/** Prefix of every content ID unless the user sets `idPrefix`. */
export const DEFAULT_ID_PREFIX = 'img/'

/** Hex characters of the SHA-256 digest kept after a non-empty prefix: 128 bits. */
export const ID_DIGEST_HEX_LENGTH = 32

/**
 * Hex characters kept when the prefix is empty: 160 bits. A bare 32-hex string reads as a UUID
 * without hyphens, and Cloudflare rejects UUID-shaped custom IDs.
 */
export const ID_DIGEST_HEX_LENGTH_WITHOUT_PREFIX = 40

/** Cloudflare allows 1024 characters per custom ID; the digest needs the rest. */
export const MAX_ID_PREFIX_LENGTH = 1024 - ID_DIGEST_HEX_LENGTH_WITHOUT_PREFIX

const PREFIX_CHARACTERS = /^[A-Za-z0-9._/-]*$/

/**
 * Checks an `idPrefix` option and returns it. Throws a `TypeError` naming `idPrefix` when it has
 * characters outside `[A-Za-z0-9._/-]`, starts with `/`, contains an empty, `.` or `..` path
 * segment (browsers collapse those in delivery URLs), or is too long.
 */
export function validateIdPrefix(idPrefix: unknown): string {
  if (typeof idPrefix !== 'string') {
    throw new TypeError(`Invalid idPrefix: expected a string, received ${typeof idPrefix}.`)
  }
  if (!PREFIX_CHARACTERS.test(idPrefix)) {
    throw new TypeError(`Invalid idPrefix ${JSON.stringify(idPrefix)}: use only letters, digits, '.', '_', '-' and '/'.`)
  }
  if (idPrefix.startsWith('/')) {
    throw new TypeError(`Invalid idPrefix ${JSON.stringify(idPrefix)}: Cloudflare image IDs must not start with '/'. Remove the leading slash.`)
  }
  if (idPrefix.length > MAX_ID_PREFIX_LENGTH) {
    throw new TypeError(`Invalid idPrefix: ${idPrefix.length} characters, the maximum is ${MAX_ID_PREFIX_LENGTH}.`)
  }

  // Every segment but the last is a full path segment of the delivery URL. The last one is
  // completed by the digest, so only the earlier ones can be empty, '.' or '..'.
  const segments = idPrefix.split('/').slice(0, -1)
  const badSegment = segments.find((segment) => segment === '' || segment === '.' || segment === '..')
  if (badSegment !== undefined) {
    throw new TypeError(
      `Invalid idPrefix ${JSON.stringify(idPrefix)}: it contains an empty, '.' or '..' path segment, which browsers rewrite in delivery URLs.`,
    )
  }

  return idPrefix
}

/** Derives the custom image ID of some content from its SHA-256 (lowercase hex). */
export function contentId(sha256Hex: string, idPrefix: string = DEFAULT_ID_PREFIX): string {
  if (!isSha256Hex(sha256Hex)) {
    throw new TypeError(`Invalid sha256Hex ${JSON.stringify(sha256Hex)}: expected 64 lowercase hex characters.`)
  }
  const prefix = validateIdPrefix(idPrefix)
  const length = prefix === '' ? ID_DIGEST_HEX_LENGTH_WITHOUT_PREFIX : ID_DIGEST_HEX_LENGTH
  return prefix + sha256Hex.slice(0, length)
}
