// Entry of `vite-plugin-cloudflare-images/emulator`.
export type * from './types.js'
export { startEmulator } from './server.js'
export { DEFAULT_ACCOUNT_HASH, DEFAULT_ACCOUNT_ID, DEFAULT_TOKEN } from './options.js'
