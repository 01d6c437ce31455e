import type { ApiChannel } from './channel.js'
import { CloudflareImagesError } from './errors.js'
import { encodeImageId } from './image-id.js'
import { createUploadForm } from './multipart.js'
import { checkImage, checkListPage } from './results.js'
import type { CloudflareImage, ListPage, ListPageRequest, UploadRequest } from './types.js'

const MIN_PER_PAGE = 10
const MAX_PER_PAGE = 10_000

/**
 * The image operations that the account API and the batch host share. `imagesPath` is
 * `/accounts/<id>/images` on the API and `/images` on the batch host.
 */
export abstract class ImageEndpoints {
  protected readonly channel: ApiChannel
  readonly #imagesPath: string

  protected constructor(channel: ApiChannel, imagesPath: string) {
    this.channel = channel
    this.#imagesPath = imagesPath
  }

  /**
   * Uploads one image; a duplicate custom ID fails with code `CF_IMAGES_ALREADY_EXISTS` (Cloudflare 5409).
   * NOTE: uploads are retried like every other request. With a custom `id` a retry after a lost
   * response ends in 5409; without one it can store the image twice.
   */
  async upload(request: UploadRequest): Promise<CloudflareImage> {
    validateUploadRequest(request)
    const result = await this.channel.call({
      method: 'POST',
      path: `${this.#imagesPath}/v1`,
      body: () => createUploadForm(request),
      validate: checkImage,
    })
    return result as CloudflareImage
  }

  async get(id: string): Promise<CloudflareImage> {
    const result = await this.channel.call({ method: 'GET', path: `${this.#imagesPath}/v1/${encodeImageId(id)}`, validate: checkImage })
    return result as CloudflareImage
  }

  async delete(id: string): Promise<void> {
    await this.channel.call({ method: 'DELETE', path: `${this.#imagesPath}/v1/${encodeImageId(id)}` })
  }

  /** Fetches one page of `GET /images/v2`. */
  async listPage(request: ListPageRequest = {}): Promise<ListPage> {
    const result = (await this.channel.call(this.#listCall(request))) as { images: CloudflareImage[]; continuation_token?: string | null }
    return { images: result.images, continuationToken: result.continuation_token ?? null }
  }

  /** Yields every page of `GET /images/v2`, following `continuation_token` until it is null. */
  async *list(request: Omit<ListPageRequest, 'continuationToken'> = {}): AsyncIterable<CloudflareImage[]> {
    const seenTokens = new Set<string>()
    let continuationToken: string | null = null
    do {
      const page: ListPage = await this.listPage({ ...request, continuationToken })
      yield page.images

      continuationToken = page.continuationToken
      if (continuationToken !== null && seenTokens.has(continuationToken)) {
        // A repeated cursor would loop forever; stop with an error instead.
        const url = this.channel.displayUrl(this.#listCall({ ...request, continuationToken }))
        throw new CloudflareImagesError({ code: 'CF_IMAGES_INVALID_RESPONSE', method: 'GET', url, detail: 'the list returned a continuation_token it had returned before', retryable: false })
      }
      if (continuationToken !== null) {
        seenTokens.add(continuationToken)
      }
    } while (continuationToken !== null)
  }

  #listCall(request: ListPageRequest) {
    const perPage = request.perPage
    if (perPage !== undefined && (!Number.isInteger(perPage) || perPage < MIN_PER_PAGE || perPage > MAX_PER_PAGE)) {
      throw new TypeError(`Invalid perPage ${JSON.stringify(perPage)}: the Images API accepts an integer from ${MIN_PER_PAGE} to ${MAX_PER_PAGE}.`)
    }
    return {
      method: 'GET' as const,
      path: `${this.#imagesPath}/v2`,
      query: {
        per_page: perPage,
        continuation_token: request.continuationToken ?? undefined,
        sort_order: request.sortOrder,
      },
      validate: checkListPage,
    }
  }
}

function validateUploadRequest(request: UploadRequest): void {
  const file = request.file as unknown
  const isPath = typeof file === 'object' && file !== null && typeof (file as { path?: unknown }).path === 'string'
  if (!(file instanceof Uint8Array) && !(file instanceof Blob) && !isPath) {
    throw new TypeError('Invalid upload file: expected a Uint8Array, a Blob or { path: string }.')
  }
  if (typeof request.filename !== 'string' || request.filename === '') {
    throw new TypeError(`Invalid upload filename ${JSON.stringify(request.filename)}: expected a non-empty string.`)
  }
  if (request.id !== undefined && (typeof request.id !== 'string' || request.id === '')) {
    throw new TypeError(`Invalid upload id ${JSON.stringify(request.id)}: expected a non-empty string or no id.`)
  }
}
