// Options that the Vite plugin and the Rollup plugin share: the same names, environment variables,
// defaults and checks. Each adapter adds its own fields and picks the form of `variant` it needs.
import type { FilterPattern } from '@rollup/pluginutils'
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_DELIVERY_URL,
  DEFAULT_ID_PREFIX,
  DEFAULT_LIMITS,
  isVariantText,
  type Limits,
  resolveLimits,
  validateIdPrefix,
  VARIANT_EXPECTED,
} from '../core/index.js'

const PACKAGE_NAME = 'vite-plugin-cloudflare-images'

/** Options of both plugins. Every field is optional, and most fall back to an environment variable. */
export interface PluginOptions {
  /**
   * Cloudflare account ID (32 hex characters).
   * @default process.env.CLOUDFLARE_ACCOUNT_ID
   */
  accountId?: string
  /**
   * API token with the Cloudflare Images edit permission. Prefer the environment variable, so the
   * token never lands in a config file.
   * @default process.env.CLOUDFLARE_API_TOKEN
   */
  apiToken?: string
  /**
   * Account hash, the first path segment of every delivery URL. When unset, the plugin reads it
   * from the manifest, and else discovers it with one list request.
   * @default process.env.CLOUDFLARE_IMAGES_ACCOUNT_HASH
   */
  accountHash?: string
  /**
   * Base URL of the Cloudflare API, for a proxy or the local emulator. When unset, the client uses
   * its own default, the public Cloudflare API.
   * @default process.env.CLOUDFLARE_API_BASE_URL
   */
  apiUrl?: string
  /**
   * Origin (and path) that delivery URLs start with. A custom domain of the same account is
   * written as `https://example.com/cdn-cgi/imagedelivery`.
   * @default process.env.CLOUDFLARE_IMAGES_DELIVERY_URL ?? 'https://imagedelivery.net'
   */
  deliveryUrl?: string
  /**
   * Variant segment of every delivery URL: a named variant such as `thumbnail`, or flexible
   * variant options such as `w=400,q=80` when the account has flexible variants on.
   * @default 'public'
   */
  variant?: string
  /**
   * Path of the manifest of known uploads. The Vite plugin resolves it against Vite's `root`, and
   * the Rollup plugin against the current working directory. Keep it outside the output directory
   * and commit it or cache it in CI.
   * @default 'cloudflare-images.manifest.json'
   */
  manifest?: string
  /**
   * Prefix of every custom image ID, made of `[A-Za-z0-9._/-]` only.
   * @default 'img/'
   */
  idPrefix?: string
  /**
   * Files to upload, as Rollup filter patterns matched against absolute paths. The Rollup plugin
   * matches emitted files by their output file name.
   * @default all images in a format Cloudflare accepts
   */
  include?: FilterPattern
  /**
   * Files to keep local, matched like `include`.
   * @default undefined
   */
  exclude?: FilterPattern
  /**
   * Maximum number of uploads in flight.
   * @default 8
   */
  concurrency?: number
  /**
   * Action when `accountId` or `apiToken` is missing: fail the build (`'error'`), or build with
   * local images and one warning (`'keep-local'`).
   * @default 'error' when the `CI` environment variable is set (and not `false` or `0`), else 'keep-local'
   */
  onMissingCredentials?: 'error' | 'keep-local'
  /**
   * Preflight limits that each image is checked against before any upload, so an image that
   * Cloudflare Images would reject fails the build with a message naming the file. Entries left
   * out keep their defaults, which are Cloudflare's published input limits. Units: `maxBytes` in
   * bytes, `maxDimension` and `maxAvifDimension` in pixels per side, `maxPixels` in pixels (all
   * frames of an animation) and `maxMetadataBytes` in bytes of the JSON metadata stored with each
   * image. `allowAvif` accepts AVIF files.
   * @default { maxBytes: 10485760, maxDimension: 12000, maxAvifDimension: 1200, maxPixels: 100000000, maxMetadataBytes: 1024, allowAvif: false }
   */
  limits?: Partial<Limits>
}

/** Shared options after defaults, environment variables and validation. */
export interface ResolvedPluginOptions {
  readonly accountId: string | undefined
  readonly apiToken: string | undefined
  readonly accountHash: string | undefined
  readonly apiUrl: string | undefined
  /** Without a trailing slash. */
  readonly deliveryUrl: string
  /** Variant text as the user wrote it, checked with `isVariantText`. */
  readonly variant: string
  readonly manifest: string
  readonly idPrefix: string
  readonly include: FilterPattern
  readonly exclude: FilterPattern
  readonly concurrency: number
  readonly onMissingCredentials: 'error' | 'keep-local'
  /** Every limit, the defaults filled in. */
  readonly limits: Readonly<Limits>
}

export const DEFAULT_MANIFEST = 'cloudflare-images.manifest.json'

const DEFAULTS = Object.freeze({
  deliveryUrl: DEFAULT_DELIVERY_URL,
  variant: 'public',
  manifest: DEFAULT_MANIFEST,
  idPrefix: DEFAULT_ID_PREFIX,
  concurrency: DEFAULT_CONCURRENCY,
} as const satisfies Partial<ResolvedPluginOptions>)

/**
 * Names of the shared options that choose the account, the delivery URLs and the files to upload,
 * in the order the README lists them. An adapter lists its own file options after these.
 */
export const SOURCE_OPTION_NAMES = [
  'accountId',
  'apiToken',
  'accountHash',
  'apiUrl',
  'deliveryUrl',
  'variant',
  'manifest',
  'idPrefix',
  'include',
  'exclude',
] as const satisfies ReadonlyArray<keyof PluginOptions>

/** Names of the shared options that control the upload, listed last in the README. */
export const UPLOAD_OPTION_NAMES = ['concurrency', 'onMissingCredentials', 'limits'] as const satisfies ReadonlyArray<keyof PluginOptions>

const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS) as ReadonlyArray<keyof Limits>

const ACCOUNT_ID = /^[0-9a-fA-F]{32}$/
const ACCOUNT_HASH = /^[A-Za-z0-9_-]+$/

export type Environment = Record<string, string | undefined>

/**
 * Applies defaults and environment variables to the shared options and validates them. Rejects
 * any key missing from `knownNames`, the adapter's full list of option names. Throws a
 * `TypeError` that names the invalid option and the expected value. The message never shows the
 * text of the token or of an invalid account ID, because a user may have swapped the two.
 */
export function resolvePluginOptions(options: PluginOptions, env: Environment, knownNames: readonly string[]): ResolvedPluginOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${PACKAGE_NAME}: expected an options object, received ${describeValue(options)}.`)
  }
  rejectUnknownOptions(options, knownNames)

  const accountId = optionalString('accountId', options.accountId ?? env.CLOUDFLARE_ACCOUNT_ID)
  if (accountId !== undefined && !ACCOUNT_ID.test(accountId)) {
    throw invalidOptionDescribed('accountId', 'the 32-character hex account ID shown in the Cloudflare dashboard', `a ${accountId.length}-character value`)
  }

  const apiToken = optionalString('apiToken', options.apiToken ?? env.CLOUDFLARE_API_TOKEN, { secret: true })

  const accountHash = optionalString('accountHash', options.accountHash ?? env.CLOUDFLARE_IMAGES_ACCOUNT_HASH)
  if (accountHash !== undefined && !ACCOUNT_HASH.test(accountHash)) {
    throw invalidOption('accountHash', 'the account hash from the Images dashboard (letters, digits, "-" and "_")', accountHash)
  }

  const apiUrl = optionalUrl('apiUrl', options.apiUrl ?? env.CLOUDFLARE_API_BASE_URL)
  const deliveryUrl = optionalUrl('deliveryUrl', options.deliveryUrl ?? env.CLOUDFLARE_IMAGES_DELIVERY_URL) ?? DEFAULTS.deliveryUrl

  const variant = optionalString('variant', options.variant) ?? DEFAULTS.variant
  if (!isVariantText(variant)) {
    throw invalidOption('variant', VARIANT_EXPECTED, variant)
  }

  const manifest = optionalString('manifest', options.manifest) ?? DEFAULTS.manifest

  let idPrefix: string = DEFAULTS.idPrefix
  if (options.idPrefix !== undefined) {
    try {
      idPrefix = validateIdPrefix(options.idPrefix)
    } catch (error) {
      throw new TypeError(`${PACKAGE_NAME}: ${(error as Error).message}`)
    }
  }

  checkFilterPattern('include', options.include)
  checkFilterPattern('exclude', options.exclude)

  const concurrency = options.concurrency ?? DEFAULTS.concurrency
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw invalidOption('concurrency', 'an integer of 1 or more', options.concurrency)
  }

  const onMissingCredentials = options.onMissingCredentials ?? (isContinuousIntegration(env) ? 'error' : 'keep-local')
  if (onMissingCredentials !== 'error' && onMissingCredentials !== 'keep-local') {
    throw invalidOption('onMissingCredentials', '"error" or "keep-local"', onMissingCredentials)
  }

  const limits = resolveLimitsOption(options.limits)

  return {
    accountId,
    apiToken,
    accountHash,
    apiUrl,
    deliveryUrl: deliveryUrl.replace(/\/+$/, ''),
    variant,
    manifest,
    idPrefix,
    include: options.include ?? null,
    exclude: options.exclude ?? null,
    concurrency,
    onMissingCredentials,
    limits,
  }
}

/** Checks `limits`: an object of known entries, each a positive integer except the boolean `allowAvif`. */
function resolveLimitsOption(value: unknown): Readonly<Limits> {
  if (value === undefined) return DEFAULT_LIMITS
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidOption('limits', `an object with any of ${LIMIT_NAMES.join(', ')}`, value)
  }

  for (const key of Object.keys(value)) {
    if (!(LIMIT_NAMES as readonly string[]).includes(key)) {
      throw new TypeError(`${PACKAGE_NAME}: unknown entry limits.${key}. Known entries: ${LIMIT_NAMES.join(', ')}.`)
    }
  }

  const entries = value as Record<string, unknown>
  for (const name of LIMIT_NAMES) {
    const entry = entries[name]
    if (entry === undefined) continue
    if (name === 'allowAvif') {
      if (typeof entry !== 'boolean') throw invalidOption('limits.allowAvif', 'true or false', entry)
    } else if (typeof entry !== 'number' || !Number.isSafeInteger(entry) || entry <= 0) {
      throw invalidOption(`limits.${name}`, 'a positive integer', entry)
    }
  }
  return Object.freeze(resolveLimits(entries as Partial<Limits>))
}

/** Creates the `TypeError` for an option with an invalid value, showing the value received. */
export function invalidOption(name: string, expected: string, received: unknown): TypeError {
  return invalidOptionDescribed(name, expected, describeValue(received))
}

function invalidOptionDescribed(name: string, expected: string, received: string): TypeError {
  return new TypeError(`${PACKAGE_NAME}: invalid option ${name}: expected ${expected}, received ${received}.`)
}

function rejectUnknownOptions(options: object, knownNames: readonly string[]): void {
  const known = new Set(knownNames)
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new TypeError(`${PACKAGE_NAME}: unknown option ${JSON.stringify(key)}. Known options: ${knownNames.join(', ')}.`)
    }
  }
}

/** Reports whether `CI` is set the way CI services set it: any value but empty, `0` or `false`. */
export function isContinuousIntegration(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase()
  return value !== undefined && value !== '' && value !== '0' && value !== 'false'
}

function optionalString(name: string, value: unknown, { secret = false } = {}): string | undefined {
  if (value === undefined || value === '') return undefined
  if (typeof value !== 'string') {
    throw invalidOptionDescribed(name, 'a string', secret ? `a value of type ${typeof value}` : describeValue(value))
  }
  return value.trim()
}

function optionalUrl(name: string, value: unknown): string | undefined {
  const text = optionalString(name, value)
  if (text === undefined) return undefined

  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw invalidOption(name, 'an absolute http(s) URL', text)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidOption(name, 'an absolute http(s) URL', text)
  }
  if (url.search !== '' || url.hash !== '') {
    throw invalidOption(name, 'a URL without a query or fragment', text)
  }
  return text
}

function checkFilterPattern(name: string, value: unknown): void {
  const isPattern = (item: unknown): boolean => typeof item === 'string' || item instanceof RegExp
  if (value === undefined || value === null || isPattern(value)) return
  if (Array.isArray(value) && value.every(isPattern)) return
  throw invalidOption(name, 'a string, a RegExp or an array of them (Rollup filter patterns)', value)
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value instanceof RegExp) return String(value)
  if (value === null || typeof value !== 'object') return String(value)
  return Array.isArray(value) ? 'an array' : 'an object'
}
