import { badRequest, imageNotFound, sendSuccess } from '../envelope.js'
import { toApiImage } from '../image-object.js'
import { MAX_CREATOR_LENGTH, MAX_METADATA_BYTES } from '../limits.js'
import { PLACEHOLDER_PNG } from '../placeholder.js'
import { readJsonBody } from '../request-body.js'
import type { RequestContext } from '../state.js'
import type { StoredImage } from '../stored-image.js'

/** Decodes the ID path segment; clients percent-encode it, a custom ID's `/` as `%2F`. */
export function decodeImageId(rawId: string): string {
  try {
    return decodeURIComponent(rawId)
  } catch {
    throw badRequest(`Invalid image ID in the path ${JSON.stringify(rawId)}: it is not valid percent-encoding`)
  }
}

function findImage(context: RequestContext): StoredImage {
  const image = context.state.store.get(decodeImageId(context.route.rawImageId ?? ''))
  if (!image) throw imageNotFound()
  return image
}

/** `GET /images/v1/{id}` */
export async function handleGet(context: RequestContext): Promise<void> {
  sendSuccess(context.res, toApiImage(findImage(context), context.state), context.headers)
}

/** `DELETE /images/v1/{id}` */
export async function handleDelete(context: RequestContext): Promise<void> {
  const image = findImage(context)
  await context.state.store.delete(image.id)
  sendSuccess(context.res, {}, context.headers)
}

/** `PATCH /images/v1/{id}`: metadata replaces the old value; requireSignedURLs and creator change. */
export async function handlePatch(context: RequestContext): Promise<void> {
  const image = findImage(context)
  const body = await readJsonBody(context.req)
  const updated: StoredImage = { ...image }

  if (body.metadata !== undefined) {
    const metadata = body.metadata
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      throw badRequest('Invalid metadata: it must be a JSON object')
    }
    const bytes = Buffer.byteLength(JSON.stringify(metadata))
    if (bytes > MAX_METADATA_BYTES) throw badRequest(`Invalid metadata: at most ${MAX_METADATA_BYTES} bytes, got ${bytes}`)
    updated.meta = metadata as Record<string, unknown>
  }

  if (body.requireSignedURLs !== undefined) {
    if (typeof body.requireSignedURLs !== 'boolean') throw badRequest('Invalid requireSignedURLs: expected true or false')
    if (body.requireSignedURLs && image.customId) {
      throw badRequest('Invalid requireSignedURLs: an image with a custom ID cannot require signed URLs')
    }
    updated.requireSignedURLs = body.requireSignedURLs
  }

  if (body.creator !== undefined) {
    if (typeof body.creator !== 'string') throw badRequest('Invalid creator: expected a string')
    if (body.creator.length > MAX_CREATOR_LENGTH) throw badRequest(`Invalid creator: at most ${MAX_CREATOR_LENGTH} characters, got ${body.creator.length}`)
    updated.creator = body.creator
  }

  await context.state.store.update(updated)
  sendSuccess(context.res, toApiImage(updated, context.state), context.headers)
}

/** `GET /images/v1/{id}/blob`: the original bytes. */
export async function handleBlob(context: RequestContext): Promise<void> {
  const image = findImage(context)
  const bytes = (await context.state.store.readBytes(image)) ?? PLACEHOLDER_PNG
  const contentType = image.hasBytes ? image.contentType : 'image/png'
  context.res.writeHead(200, { ...context.headers, 'content-type': contentType, 'content-length': String(bytes.byteLength) })
  context.res.end(bytes)
}
