// Validation of the options that decide where requests go and who they claim to be.

export const DEFAULT_API_URL = 'https://api.cloudflare.com/client/v4'
export const DEFAULT_BATCH_URL = 'https://batch.imagedelivery.net'

/** A validated base: `origin` for the dispatcher, `basePath` without a trailing slash. */
export interface BaseUrl {
  origin: string
  basePath: string
}

/** Returns true for 127.0.0.0/8, ::1 and localhost, the only hosts allowed over plain http. */
export function isLoopbackHostname(hostname: string): boolean {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (bare === 'localhost' || bare === '::1') {
    return true
  }
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare)
}

/** Removes a user name and password so the URL can appear in messages. */
export function redactUrlCredentials(url: URL): string {
  const copy = new URL(url.href)
  copy.username = ''
  copy.password = ''
  return copy.href
}

/**
 * Parses a base URL and rejects any scheme other than https, except http on a loopback host,
 * because the Authorization header would otherwise travel in clear text.
 * `source` names the option or environment variable in the error message.
 */
export function parseBaseUrl(value: string, source: string, defaultValue: string): BaseUrl {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new TypeError(`Invalid ${source} ${JSON.stringify(value)}: not an absolute URL. Use a URL such as ${defaultValue}.`)
  }

  const urlForMessage = JSON.stringify(redactUrlCredentials(url))
  if (url.username !== '' || url.password !== '') {
    throw new TypeError(`Invalid ${source} ${urlForMessage}: it must not contain a user name or password. Pass the API token as apiToken instead.`)
  }
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    throw new TypeError(
      `Invalid ${source} ${urlForMessage}: http: would send the API token in clear text, so it is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost). Use https:// instead.`,
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`Invalid ${source} ${urlForMessage}: expected an https:// URL such as ${defaultValue}.`)
  }

  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') }
}

/** Picks the API base from the option, then `CLOUDFLARE_API_BASE_URL`, then the Cloudflare default. */
export function resolveApiUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): BaseUrl {
  if (option !== undefined) {
    return parseBaseUrl(option, 'apiUrl', DEFAULT_API_URL)
  }
  const fromEnv = env.CLOUDFLARE_API_BASE_URL
  if (fromEnv !== undefined && fromEnv !== '') {
    return parseBaseUrl(fromEnv, 'CLOUDFLARE_API_BASE_URL', DEFAULT_API_URL)
  }
  return parseBaseUrl(DEFAULT_API_URL, 'apiUrl', DEFAULT_API_URL)
}

/** Checks the account tag without echoing it, because a swapped accountId and apiToken would print the token. */
export function validateAccountId(accountId: unknown): string {
  if (typeof accountId !== 'string' || accountId === '') {
    throw new TypeError('Missing accountId: pass the 32-character hexadecimal account ID shown in the Cloudflare dashboard.')
  }
  if (accountId.length !== 32) {
    throw new TypeError(
      `Invalid accountId: expected the 32-character hexadecimal account ID shown in the Cloudflare dashboard, got a ${accountId.length}-character value.`,
    )
  }
  if (!/^[0-9a-fA-F]{32}$/.test(accountId)) {
    throw new TypeError('Invalid accountId: it contains characters other than 0-9 and a-f. Copy the account ID (not the account hash or a token) from the Cloudflare dashboard.')
  }
  return accountId
}

/** Checks the token shape without echoing it. */
export function validateApiToken(token: unknown, source = 'apiToken'): string {
  if (typeof token !== 'string' || token === '') {
    throw new TypeError(`Missing ${source}: pass a Cloudflare API token with the Images edit permission.`)
  }
  if (/[\s\u0000-\u001f\u007f]/.test(token)) {
    throw new TypeError(`Invalid ${source}: it contains whitespace or a control character. Remove it; a trailing newline from a secrets file is a common cause.`)
  }
  return token
}

/**
 * Picks the batch host. An explicit `batchUrl` wins. Otherwise the batch host follows the API
 * base: Cloudflare's API pairs with Cloudflare's batch host, and a loopback API (the local
 * emulator) serves the batch paths at its own origin. Any other API base (a proxy) gets no batch
 * host, because sending its batch token to Cloudflare directly would bypass that proxy.
 */
export function resolveBatchUrl(option: string | undefined, api: BaseUrl): BaseUrl | undefined {
  if (option !== undefined) {
    return parseBaseUrl(option, 'batchUrl', DEFAULT_BATCH_URL)
  }
  if (`${api.origin}${api.basePath}` === DEFAULT_API_URL) {
    return parseBaseUrl(DEFAULT_BATCH_URL, 'batchUrl', DEFAULT_BATCH_URL)
  }
  if (isLoopbackHostname(new URL(api.origin).hostname)) {
    return { origin: api.origin, basePath: '' }
  }
  return undefined
}
