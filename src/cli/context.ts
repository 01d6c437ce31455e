// Settings shared by every command: where they come from (flags over environment variables)
// and the options that declare them.
import path from 'node:path'
import type { Command } from 'cac'
import { DEFAULT_DELIVERY_URL, validateIdPrefix } from '../core/index.js'
import { CliError, EXIT_CODES, usageError } from './errors.js'
import { DEFAULT_MANIFEST } from '../shared/plugin-options.js'

// Delivery origin used when neither `--delivery-url` nor `CLOUDFLARE_IMAGES_DELIVERY_URL` is set.
export { DEFAULT_DELIVERY_URL }

/** The plugins' default manifest, so the CLI and a build share one file. */
export const DEFAULT_MANIFEST_PATH = DEFAULT_MANIFEST

/** Flags every command accepts, as cac hands them over (camelCased). */
export interface SharedFlags {
  manifest?: unknown
  accountId?: unknown
  accountHash?: unknown
  apiUrl?: unknown
  deliveryUrl?: unknown
  verbose?: unknown
}

export interface Settings {
  /** Absolute path of the manifest file. */
  manifestPath: string
  accountId: string | undefined
  /** Read only from `CLOUDFLARE_API_TOKEN`, never from a flag. */
  apiToken: string | undefined
  /** Undefined lets the client pick `CLOUDFLARE_API_BASE_URL` or Cloudflare's API. */
  apiUrl: string | undefined
  accountHash: string | undefined
  deliveryUrl: string
  verbose: boolean
}

/** Declares the options that every command shares, so each command's `--help` lists them. */
export function addSharedOptions(command: Command): Command {
  return command
    .option('--manifest <path>', `Manifest file, relative to the current folder (default: ${DEFAULT_MANIFEST_PATH})`)
    .option('--account-id <id>', 'Cloudflare account ID, 32 hex characters (default: $CLOUDFLARE_ACCOUNT_ID)')
    .option('--account-hash <hash>', 'Account hash of delivery URLs (default: $CLOUDFLARE_IMAGES_ACCOUNT_HASH, else the manifest, else one list request)')
    .option('--api-url <url>', 'API base URL (default: $CLOUDFLARE_API_BASE_URL, else https://api.cloudflare.com/client/v4)')
    .option('--delivery-url <url>', `Delivery origin, or a custom domain as https://example.com/cdn-cgi/imagedelivery (default: $CLOUDFLARE_IMAGES_DELIVERY_URL, else ${DEFAULT_DELIVERY_URL})`)
    .option('--verbose', 'Print debug lines, such as each retry')
}

/**
 * Returns the raw text given for `flag`. cac (through mri) turns numeric-looking values into
 * numbers, which would corrupt an all-digit account ID or a path such as `010`.
 */
function rawFlagValue(rawArgs: readonly string[], flag: string): string | undefined {
  let value: string | undefined
  for (let index = 0; index < rawArgs.length; index += 1) {
    const argument = rawArgs[index]!
    if (argument === '--') break
    if (argument === flag) {
      value = rawArgs[index + 1]
    } else if (argument.startsWith(`${flag}=`)) {
      value = argument.slice(flag.length + 1)
    }
  }
  return value
}

/**
 * Reads a string option. Returns undefined when the flag is absent, and throws a usage error
 * when it was given without a value.
 */
export function stringFlag(value: unknown, flag: string, rawArgs: readonly string[] = process.argv): string | undefined {
  if (value === undefined) return undefined
  if (Array.isArray(value)) return stringFlag(value.at(-1), flag, rawArgs)
  if (typeof value === 'number') return rawFlagValue(rawArgs, flag) ?? String(value)
  if (typeof value !== 'string' || value === '') {
    throw usageError(`Missing value for ${flag}: write it as ${flag} <value>.`)
  }
  return value
}

/** Checks an `--id-prefix` value with the core's rules; an invalid one is a usage error. */
export function parseIdPrefix(value: string, flag = '--id-prefix'): string {
  try {
    return validateIdPrefix(value)
  } catch (error) {
    // The core names the option `idPrefix`; the command line calls it by its flag.
    throw usageError((error as Error).message.replace(/^Invalid idPrefix/, `Invalid ${flag}`))
  }
}

const ACCOUNT_HASH = /^[A-Za-z0-9_-]+$/

const ACCOUNT_ID = /^[0-9a-fA-F]{32}$/

/**
 * Checks the account ID shape. The message gives only the length, never the value, because a
 * token pasted in the wrong place would otherwise end up in the terminal and in CI logs.
 */
function checkAccountId(value: string, source: string): string {
  if (ACCOUNT_ID.test(value)) return value

  const problem =
    value.length === 32
      ? 'it is 32 characters long but contains characters other than 0-9 and a-f'
      : `expected 32 hexadecimal characters, got ${value.length} characters`
  throw usageError(`Invalid ${source}: ${problem}. Copy the account ID (not the account hash or a token) from the Cloudflare dashboard.`)
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

function checkHttpUrl(value: string, source: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw usageError(`Invalid ${source} ${JSON.stringify(value)}: not an absolute URL. Use a URL such as ${DEFAULT_DELIVERY_URL}.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw usageError(`Invalid ${source} ${JSON.stringify(value)}: expected an https:// URL.`)
  }
  return value.replace(/\/+$/, '')
}

/** Merges flags over environment variables. Checks shapes only (a usage error, exit code 2); `requireCredentials` checks presence. */
export function resolveSettings(flags: SharedFlags, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Settings {
  const manifest = stringFlag(flags.manifest, '--manifest') ?? DEFAULT_MANIFEST_PATH
  const deliveryFlag = stringFlag(flags.deliveryUrl, '--delivery-url')
  const deliveryEnv = nonEmpty(env.CLOUDFLARE_IMAGES_DELIVERY_URL)
  const deliveryUrl =
    deliveryFlag !== undefined
      ? checkHttpUrl(deliveryFlag, '--delivery-url')
      : deliveryEnv !== undefined
        ? checkHttpUrl(deliveryEnv, 'CLOUDFLARE_IMAGES_DELIVERY_URL')
        : DEFAULT_DELIVERY_URL

  const accountHashFlag = stringFlag(flags.accountHash, '--account-hash')
  const accountHash = accountHashFlag ?? nonEmpty(env.CLOUDFLARE_IMAGES_ACCOUNT_HASH)
  if (accountHash !== undefined && !ACCOUNT_HASH.test(accountHash)) {
    const source = accountHashFlag === undefined ? 'CLOUDFLARE_IMAGES_ACCOUNT_HASH' : '--account-hash'
    throw usageError(`Invalid ${source} ${JSON.stringify(accountHash)}: expected the account hash from the Images page of the Cloudflare dashboard (letters, digits, '-' and '_').`)
  }

  const accountIdFlag = stringFlag(flags.accountId, '--account-id')
  const accountIdEnv = nonEmpty(env.CLOUDFLARE_ACCOUNT_ID)
  const accountId =
    accountIdFlag !== undefined
      ? checkAccountId(accountIdFlag, '--account-id')
      : accountIdEnv !== undefined
        ? checkAccountId(accountIdEnv, 'CLOUDFLARE_ACCOUNT_ID')
        : undefined

  return {
    manifestPath: path.resolve(cwd, manifest),
    accountId,
    apiToken: nonEmpty(env.CLOUDFLARE_API_TOKEN),
    apiUrl: stringFlag(flags.apiUrl, '--api-url'),
    accountHash,
    deliveryUrl,
    verbose: flags.verbose === true,
  }
}

/** Returns the account ID, or throws the missing-credentials error (exit code 3). */
export function requireAccountId(settings: Settings): string {
  if (settings.accountId === undefined) {
    throw new CliError(
      'Missing account ID: set CLOUDFLARE_ACCOUNT_ID or pass --account-id with the 32-character account ID from the Cloudflare dashboard.',
      'CLI_MISSING_CREDENTIALS',
      EXIT_CODES.missingCredentials,
    )
  }
  return settings.accountId
}

/** Returns the account ID and API token, or throws the missing-credentials error (exit code 3). */
export function requireCredentials(settings: Settings): { accountId: string; apiToken: string } {
  const accountId = requireAccountId(settings)
  if (settings.apiToken === undefined) {
    throw new CliError(
      'Missing API token: set CLOUDFLARE_API_TOKEN to a Cloudflare API token with the Images edit permission. There is no flag for it, so the token stays out of shell history and process lists.',
      'CLI_MISSING_CREDENTIALS',
      EXIT_CODES.missingCredentials,
    )
  }
  return { accountId, apiToken: settings.apiToken }
}
