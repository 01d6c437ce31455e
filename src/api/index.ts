// Public surface of the Cloudflare Images client.
export { CloudflareImagesClient } from './client.js'
export { CloudflareImagesError, type CloudflareErrorItem } from './errors.js'
export { UploadFileError } from './multipart.js'
export { DEFAULT_API_URL, DEFAULT_BATCH_URL, isLoopbackHostname } from './base-url.js'
export { DEFAULT_RETRY_POLICY } from './policy.js'
export { DEFAULT_BATCH_RATE_LIMIT, DEFAULT_RATE_LIMIT, DEFAULT_TIMEOUT_MS } from './options.js'
export { encodeImageId } from './image-id.js'
export type * from './types.js'
