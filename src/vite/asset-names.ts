import path from 'node:path'

// Output names of emitted images. Vite calls `renderBuiltUrl` with nothing but the output file
// name, yet the delivery URL needs the image's SHA-256. Rollup 4 and Rolldown both call
// `assetFileNames` with the asset's bytes before any chunk is rendered, so the plugin wraps it.
// For an image it hashes the bytes, resolves the whole pattern itself, returns a literal name
// that contains a digest of the content, and records `name -> SHA-256`. The bundler keeps a
// literal name as it is: identical bytes are deduplicated into one file, and different bytes
// never share a name. A placeholder replaced in `generateBundle` was rejected, because chunk
// hashes would then cover the placeholder instead of the URL, and every output format would need
// its own replacement pass.

/** The part of Rollup's and Rolldown's `PreRenderedAsset` the plugin reads. */
export interface PreRenderedAssetInfo {
  name?: string | undefined
  names?: readonly string[]
  originalFileName?: string | null
  originalFileNames?: readonly string[]
  source: string | Uint8Array
  type: 'asset'
}

export type AssetFileNames = string | ((info: PreRenderedAssetInfo) => string)

const PLACEHOLDER = /\[(name|extname|ext|hash)(?::(\d+))?\]/g
const DEFAULT_HASH_LENGTH = 8

// Characters Rollup 4.69 replaces in file names (`INVALID_CHAR_REGEX` of its default
// `sanitizeFileName`). Applying the same rule here keeps the returned name unchanged by the bundler.
// NOTE: Rolldown's sanitizer is native code; the tests show it agrees for `+` and spaces. If it
// ever differs, the recorded name misses and the image stays local instead of getting a wrong URL.
const UNSAFE_FILE_NAME_CHARACTERS = /[\u0000-\u001F"#$%&*+,:;<=>?[\]^`{|}\u007F]/g

/**
 * Resolves an asset file name pattern such as `assets/[name]-[hash][extname]` for one image, with
 * `digest` (base64url) as the hash. When the pattern has no `[hash]`, the digest is added before
 * the extension so that the name stays unique per content. Returns undefined for a pattern with a
 * placeholder it does not know, so the caller can leave that asset to the bundler.
 */
export function resolveImageFileName(pattern: string, assetName: string, digest: string): string | undefined {
  const extname = path.posix.extname(assetName)
  const name = assetName.slice(0, assetName.length - extname.length)

  if (/\[[A-Za-z]+(?::\d+)?\]/.test(pattern.replace(PLACEHOLDER, ''))) return undefined

  let hasHash = false
  const resolved = pattern.replace(PLACEHOLDER, (_match, placeholder: string, length: string | undefined) => {
    if (placeholder === 'name') return name
    if (placeholder === 'extname') return extname
    if (placeholder === 'ext') return extname.slice(1)
    hasHash = true
    return digest.slice(0, length === undefined ? DEFAULT_HASH_LENGTH : Number(length))
  })

  const literal = hasHash ? resolved : insertBeforeExtension(resolved, `-${digest.slice(0, DEFAULT_HASH_LENGTH)}`)
  return literal.replace(UNSAFE_FILE_NAME_CHARACTERS, '_')
}

function insertBeforeExtension(file: string, text: string): string {
  const extname = path.posix.extname(file)
  return file.slice(0, file.length - extname.length) + text + extname
}

/** Returns the pattern `assetFileNames` gives for one asset, whether it is a string or a function. */
export function patternFor(assetFileNames: AssetFileNames | undefined, info: PreRenderedAssetInfo): string {
  if (typeof assetFileNames === 'function') return assetFileNames(info)
  return assetFileNames ?? 'assets/[name]-[hash][extname]'
}
