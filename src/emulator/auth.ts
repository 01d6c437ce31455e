import type { IncomingMessage } from 'node:http'
import { EmulatorApiError } from './envelope.js'
import type { EmulatorState } from './state.js'

const ACCOUNT_ID_PATTERN = /^[0-9a-f]{32}$/

function authenticationError(): EmulatorApiError {
  return new EmulatorApiError(401, 10000, 'Authentication error')
}

/**
 * Returns the bearer token of the request, or undefined when the request has no
 * Authorization header. A header that is present but not `Bearer <token>` is a 400 with
 * code 6003, as Cloudflare returns it.
 */
function readBearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization
  if (header === undefined) return undefined

  const match = /^Bearer +(\S+) *$/.exec(header)
  if (!match?.[1]) {
    throw new EmulatorApiError(400, 6003, 'Invalid request headers', [{ code: 6111, message: 'Invalid format for Authorization header' }])
  }
  return match[1]
}

/** Checks the API token (Bearer, or the legacy `X-Auth-Email` plus `X-Auth-Key` pair) and the account in the path. */
export function authorizeApiRequest(req: IncomingMessage, state: EmulatorState, accountId: string): void {
  const bearer = readBearerToken(req)
  const legacyKey = req.headers['x-auth-key']
  const legacyEmail = req.headers['x-auth-email']

  if (bearer !== undefined) {
    if (bearer !== state.token) throw authenticationError()
  } else if (typeof legacyKey === 'string' && typeof legacyEmail === 'string') {
    if (legacyKey !== state.token) throw authenticationError()
  } else {
    throw authenticationError()
  }

  // A malformed tag cannot name any account, so no route exists for it. A well-formed tag of
  // another account is one the token has no access to.
  if (!ACCOUNT_ID_PATTERN.test(accountId)) {
    throw new EmulatorApiError(404, 7003, `No route for account ID ${JSON.stringify(accountId)}: expected 32 hex characters`)
  }
  if (accountId !== state.accountId) {
    throw new EmulatorApiError(403, 10000, 'Authentication error: the token has no access to this account')
  }
}

/** Checks a batch-host request: only an unexpired batch token is accepted, never the API token. */
export function authorizeBatchRequest(req: IncomingMessage, state: EmulatorState): void {
  const token = readBearerToken(req)
  if (token === undefined) throw authenticationError()

  const expiresAt = state.batchTokens.get(token)
  if (expiresAt === undefined || expiresAt <= Date.now()) throw authenticationError()
}

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID_PATTERN.test(value)
}
