import type { CloudflareImage, ImagesApi } from '../api/types.js'

/** Largest page the list endpoint (`GET /images/v2`) returns. */
export const LIST_PAGE_SIZE = 10_000

export interface RemoteIndex {
  byId: Map<string, CloudflareImage>
  /** List requests sent: ceil(images / 10,000), at least 1. */
  requests: number
}

/** Lists every image of the account, 10,000 per request. */
export async function listAccountImages(api: ImagesApi): Promise<RemoteIndex> {
  const byId = new Map<string, CloudflareImage>()
  let requests = 0
  for await (const page of api.list({ perPage: LIST_PAGE_SIZE })) {
    requests += 1
    for (const image of page) byId.set(image.id, image)
  }
  return { byId, requests: Math.max(requests, 1) }
}
