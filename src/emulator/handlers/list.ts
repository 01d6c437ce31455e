import { badRequest, sendSuccess } from '../envelope.js'
import { toApiImage } from '../image-object.js'
import type { ListKey } from '../sorted-index.js'
import type { RequestContext } from '../state.js'

const MIN_PER_PAGE = 10
const MAX_PER_PAGE = 10_000
const DEFAULT_PER_PAGE = 1000

function readPerPage(params: URLSearchParams): number {
  const raw = params.get('per_page')
  if (raw === null) return DEFAULT_PER_PAGE
  const value = Number(raw)
  if (!Number.isInteger(value) || value < MIN_PER_PAGE || value > MAX_PER_PAGE) {
    throw badRequest(`Invalid per_page ${JSON.stringify(raw)}: expected an integer from ${MIN_PER_PAGE} to ${MAX_PER_PAGE}`)
  }
  return value
}

/**
 * Encodes the position after the last image of a page. The token stays valid when images are
 * added or deleted, because it names a position in the sort order rather than an offset.
 */
export function encodeContinuationToken(key: ListKey): string {
  return Buffer.from(JSON.stringify([key.uploaded, key.id])).toString('base64url')
}

export function decodeContinuationToken(token: string): ListKey {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { uploaded: value[0], id: value[1] }
    }
  } catch {
    // Falls through to the error below.
  }
  throw badRequest('Invalid continuation_token: pass the value of result.continuation_token from the previous page unchanged')
}

/** `GET /images/v2`: cursor-based list, sorted by upload time then ID. */
export async function handleListV2({ res, url, state, headers }: RequestContext): Promise<void> {
  const params = url.searchParams
  const perPage = readPerPage(params)

  const sortOrder = params.get('sort_order') ?? 'asc'
  if (sortOrder !== 'asc' && sortOrder !== 'desc') {
    throw badRequest(`Invalid sort_order ${JSON.stringify(sortOrder)}: expected asc or desc`)
  }

  const token = params.get('continuation_token')
  const after = token ? decodeContinuationToken(token) : undefined

  const page = state.store.index.page(after, sortOrder, perPage)
  const last = page.images[page.images.length - 1]
  const continuationToken = page.more && last ? encodeContinuationToken(last) : null

  sendSuccess(res, { images: page.images.map((image) => toApiImage(image, state)), continuation_token: continuationToken }, headers)
}

/** `GET /images/v1`: the deprecated page-based list, in ascending upload order. */
export async function handleListV1({ res, url, state, headers }: RequestContext): Promise<void> {
  const params = url.searchParams
  const perPage = readPerPage(params)

  const rawPage = params.get('page') ?? '1'
  const page = Number(rawPage)
  if (!Number.isInteger(page) || page < 1) throw badRequest(`Invalid page ${JSON.stringify(rawPage)}: expected an integer of 1 or more`)

  const images = state.store.index.slice((page - 1) * perPage, perPage)
  sendSuccess(res, { images: images.map((image) => toApiImage(image, state)) }, headers)
}
