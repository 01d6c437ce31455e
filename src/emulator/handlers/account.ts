import { randomBytes } from 'node:crypto'
import type { NamedVariant } from '../account-settings.js'
import { EmulatorApiError, badRequest, sendSuccess } from '../envelope.js'
import { ALLOWED_IMAGES, BATCH_TOKEN_LIFETIME_MS, MAX_NAMED_VARIANTS } from '../limits.js'
import { readJsonBody } from '../request-body.js'
import type { RequestContext } from '../state.js'

/** `GET /images/v1/stats` */
export async function handleStats({ res, state, headers }: RequestContext): Promise<void> {
  sendSuccess(res, { count: { allowed: ALLOWED_IMAGES, current: state.store.index.size } }, headers)
}

/** `GET /images/v1/variants`: an object keyed by variant name. */
export async function handleListVariants({ res, state, headers }: RequestContext): Promise<void> {
  sendSuccess(res, { variants: state.settings.variants }, headers)
}

const FITS = new Set(['scale-down', 'contain', 'cover', 'crop', 'pad'])
const METADATA_MODES = new Set(['keep', 'copyright', 'none'])

/** `POST /images/v1/variants` */
export async function handleCreateVariant({ req, res, state, headers }: RequestContext): Promise<void> {
  const body = await readJsonBody(req)
  const variant = parseVariant(body)

  if (state.settings.variants[variant.id]) {
    throw new EmulatorApiError(409, 5409, `Variant ${JSON.stringify(variant.id)} already exists`)
  }
  if (Object.keys(state.settings.variants).length >= MAX_NAMED_VARIANTS) {
    throw badRequest(`Too many variants: an account may have at most ${MAX_NAMED_VARIANTS}`)
  }

  state.settings.variants[variant.id] = variant
  state.saveSettings()
  sendSuccess(res, { variant }, headers)
}

function parseVariant(body: Record<string, unknown>): NamedVariant {
  const { id, options, neverRequireSignedURLs } = body
  if (typeof id !== 'string' || !/^[A-Za-z0-9]{1,99}$/.test(id)) {
    throw badRequest(`Invalid variant id ${JSON.stringify(id)}: use 1 to 99 letters and digits`)
  }
  if (typeof options !== 'object' || options === null) throw badRequest('Missing options: send {fit, width, height, metadata}')

  const { fit = 'scale-down', width, height, metadata = 'none' } = options as Record<string, unknown>
  if (typeof fit !== 'string' || !FITS.has(fit)) throw badRequest(`Invalid options.fit ${JSON.stringify(fit)}: expected one of ${[...FITS].join(', ')}`)
  if (typeof metadata !== 'string' || !METADATA_MODES.has(metadata)) {
    throw badRequest(`Invalid options.metadata ${JSON.stringify(metadata)}: expected one of ${[...METADATA_MODES].join(', ')}`)
  }
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 12_000) {
      throw badRequest(`Invalid options.${name} ${JSON.stringify(value)}: expected an integer from 1 to 12000`)
    }
  }
  if (neverRequireSignedURLs !== undefined && typeof neverRequireSignedURLs !== 'boolean') {
    throw badRequest('Invalid neverRequireSignedURLs: expected true or false')
  }

  return {
    id,
    options: { fit: fit as NamedVariant['options']['fit'], width: width as number, height: height as number, metadata: metadata as NamedVariant['options']['metadata'] },
    neverRequireSignedURLs: neverRequireSignedURLs ?? false,
  }
}

/** `PATCH /images/v1/config`: only `flexible_variants` is emulated. */
export async function handleConfig({ req, res, state, headers }: RequestContext): Promise<void> {
  const body = await readJsonBody(req)
  if (body.flexible_variants !== undefined) {
    if (typeof body.flexible_variants !== 'boolean') throw badRequest('Invalid flexible_variants: expected true or false')
    state.settings.flexibleVariants = body.flexible_variants
    state.saveSettings()
  }
  sendSuccess(res, { flexible_variants: state.settings.flexibleVariants }, headers)
}

/** `GET /images/v1/batch_token`: a token for the batch host. */
export async function handleBatchToken({ res, state, headers }: RequestContext): Promise<void> {
  const now = Date.now()
  for (const [token, expiresAt] of state.batchTokens) {
    if (expiresAt <= now) state.batchTokens.delete(token)
  }

  const token = randomBytes(32).toString('base64url')
  const expiresAt = now + BATCH_TOKEN_LIFETIME_MS
  state.batchTokens.set(token, expiresAt)
  sendSuccess(res, { token, expiresAt: new Date(expiresAt).toISOString() }, headers)
}
