// Entry of the Vite plugin: `import cloudflareImages from 'vite-plugin-cloudflare-images'`.
import { cloudflareImages } from './vite/plugin.js'

export default cloudflareImages
export { cloudflareImages }
export type { Options, ResolvedOptions } from './vite/options.js'
export { resolveOptions } from './vite/options.js'

// The client and its error class, for scripts that talk to the Images API directly and for
// matching on `CloudflareImagesError.code` when a build fails.
export { CloudflareImagesClient, CloudflareImagesError } from './api/index.js'
export type { ClientOptions, CloudflareImage, CloudflareImagesErrorCode, ImagesApi } from './api/types.js'
