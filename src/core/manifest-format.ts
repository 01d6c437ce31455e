import type { ImageFormat, ManifestEntry } from './types.js'
import { isSha256Hex } from './hash.js'

// The manifest file, version 1:
//
//   { "accounts": { "<account id>": { "accountHash": "…", "images": { "<sha256>": ManifestEntry } } },
//     "version": 1 }
//
// Keys are sorted at every level, and the JSON is indented by two spaces with a trailing newline.
// So an unchanged manifest is rewritten byte for byte, and a new image adds only its own lines,
// plus a comma after the entry before it when it sorts last. Nothing machine-specific is
// stored: `file` is the project-relative name with `/` separators.

export const MANIFEST_VERSION = 1

export interface ManifestAccount {
  accountHash?: string
  images: Map<string, ManifestEntry>
}

/** The manifest in memory: account id to account. */
export type ManifestData = Map<string, ManifestAccount>

export type ParseResult =
  | { status: 'ok'; data: ManifestData; droppedEntries: number }
  /** Unreadable JSON, a wrong shape or an older version: a cache miss, and the file is rewritten. */
  | { status: 'invalid'; reason: string }
  /** Written by a newer version of this tool: a cache miss, and the file is left alone. */
  | { status: 'newer'; version: number }

const FORMATS: ReadonlySet<string> = new Set<ImageFormat>(['png', 'jpeg', 'gif', 'webp', 'svg', 'heic', 'avif'])

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/** Reads one entry, keeping only the known fields. Undefined when a field is missing or of the wrong type. */
export function parseEntry(value: unknown): ManifestEntry | undefined {
  if (!isRecord(value)) return undefined

  const { id, bytes, width, height, format, file, uploaded } = value
  if (typeof id !== 'string' || id === '') return undefined
  if (!isCount(bytes) || !isCount(width) || !isCount(height)) return undefined
  if (typeof format !== 'string' || !FORMATS.has(format)) return undefined
  if (typeof file !== 'string' || typeof uploaded !== 'string') return undefined

  return { id, bytes, width, height, format: format as ImageFormat, file, uploaded }
}

function parseAccount(value: unknown): { account: ManifestAccount; dropped: number } | undefined {
  if (!isRecord(value) || !isRecord(value.images)) return undefined

  const images = new Map<string, ManifestEntry>()
  let dropped = 0
  for (const [sha256, raw] of Object.entries(value.images)) {
    const entry = isSha256Hex(sha256) ? parseEntry(raw) : undefined
    if (entry) {
      images.set(sha256, entry)
    } else {
      dropped += 1
    }
  }

  const account: ManifestAccount = { images }
  if (typeof value.accountHash === 'string' && value.accountHash !== '') account.accountHash = value.accountHash
  return { account, dropped }
}

/** Parses the text of a manifest file. Never throws: a bad file is reported in the result. */
export function parseManifest(text: string): ParseResult {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return { status: 'invalid', reason: `it is not valid JSON (${(error as Error).message})` }
  }

  if (!isRecord(json)) return { status: 'invalid', reason: 'it is not a JSON object' }
  if (typeof json.version === 'number' && json.version > MANIFEST_VERSION) {
    return { status: 'newer', version: json.version }
  }
  if (json.version !== MANIFEST_VERSION) {
    return { status: 'invalid', reason: `it has format version ${JSON.stringify(json.version ?? null)}, expected ${MANIFEST_VERSION}` }
  }
  if (!isRecord(json.accounts)) return { status: 'invalid', reason: 'it has no "accounts" object' }

  const data: ManifestData = new Map()
  let droppedEntries = 0
  for (const [accountId, raw] of Object.entries(json.accounts)) {
    const parsed = parseAccount(raw)
    if (!parsed) return { status: 'invalid', reason: `account ${JSON.stringify(accountId)} has no "images" object` }
    data.set(accountId, parsed.account)
    droppedEntries += parsed.dropped
  }
  return { status: 'ok', data, droppedEntries }
}

function byCodeUnit(a: string, b: string): number {
  if (a === b) return 0
  return a < b ? -1 : 1
}

// Serialised entry lines by entry object. Entries are never mutated (a change replaces the
// object), so repeated flushes of a large manifest only encode new entries, and the file is
// assembled by copying bytes.
const entryLineCache = new WeakMap<ManifestEntry, { sha256: string; line: Buffer }>()

const ENTRY_INDENT = '          '

function entryLine(sha256: string, entry: ManifestEntry): Buffer {
  const cached = entryLineCache.get(entry)
  if (cached?.sha256 === sha256) return cached.line

  // Keys in alphabetical order, laid out exactly as JSON.stringify(value, null, 2) at this depth.
  const text =
    `        ${JSON.stringify(sha256)}: {\n` +
    `${ENTRY_INDENT}"bytes": ${entry.bytes},\n${ENTRY_INDENT}"file": ${JSON.stringify(entry.file)},\n` +
    `${ENTRY_INDENT}"format": ${JSON.stringify(entry.format)},\n${ENTRY_INDENT}"height": ${entry.height},\n` +
    `${ENTRY_INDENT}"id": ${JSON.stringify(entry.id)},\n${ENTRY_INDENT}"uploaded": ${JSON.stringify(entry.uploaded)},\n` +
    `${ENTRY_INDENT}"width": ${entry.width}\n        }`
  const line = Buffer.from(text, 'utf8')
  entryLineCache.set(entry, { sha256, line })
  return line
}

function pushImages(parts: Buffer[], images: Map<string, ManifestEntry>): void {
  if (images.size === 0) {
    parts.push(Buffer.from('{}'))
    return
  }

  const separator = Buffer.from(',\n')
  parts.push(Buffer.from('{\n'))
  const sorted = [...images.keys()].sort(byCodeUnit)
  sorted.forEach((sha256, index) => {
    if (index > 0) parts.push(separator)
    parts.push(entryLine(sha256, images.get(sha256) as ManifestEntry))
  })
  parts.push(Buffer.from('\n      }'))
}

/**
 * Encodes the manifest as the UTF-8 bytes of `JSON.stringify` output with sorted keys, an indent
 * of 2 and a trailing newline. Keys are compared by UTF-16 code units, independent of locale. The
 * bytes are assembled from cached entry lines, because re-stringifying 100,000 entries on every
 * flush is several times slower.
 */
export function encodeManifest(data: ManifestData): Buffer {
  const parts: Buffer[] = [Buffer.from('{\n  "accounts": ')]
  const accountIds = [...data.keys()].sort(byCodeUnit)
  if (accountIds.length === 0) parts.push(Buffer.from('{}'))

  accountIds.forEach((accountId, index) => {
    const account = data.get(accountId) as ManifestAccount
    const hashLine = account.accountHash === undefined ? '' : `\n      "accountHash": ${JSON.stringify(account.accountHash)},`
    parts.push(Buffer.from(`${index === 0 ? '{\n' : ',\n'}    ${JSON.stringify(accountId)}: {${hashLine}\n      "images": `))
    pushImages(parts, account.images)
    parts.push(Buffer.from(`\n    }${index === accountIds.length - 1 ? '\n  }' : ''}`))
  })

  parts.push(Buffer.from(`,\n  "version": ${MANIFEST_VERSION}\n}\n`))
  return Buffer.concat(parts)
}

/** Encodes the manifest like `encodeManifest`, as a string. */
export function serializeManifest(data: ManifestData): string {
  return encodeManifest(data).toString('utf8')
}

/**
 * Collects every string value in a manifest's JSON text, at any depth and under any key. Prune
 * treats each as a referenced image ID, so an entry that failed validation still protects its
 * image. Returns an empty set when the text is not valid JSON.
 */
export function stringsInManifestText(text: string): Set<string> {
  const strings = new Set<string>()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return strings
  }

  const pending: unknown[] = [json]
  while (pending.length > 0) {
    const value = pending.pop()
    if (typeof value === 'string') {
      strings.add(value)
    } else if (Array.isArray(value)) {
      pending.push(...value)
    } else if (isRecord(value)) {
      pending.push(...Object.values(value))
    }
  }
  return strings
}
