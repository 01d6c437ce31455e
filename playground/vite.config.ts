import { defineConfig } from 'vite'

// A project of your own imports the published package instead:
//   import cloudflareImages from 'vite-plugin-cloudflare-images'
// The playground imports the plugin's source so that `npm run demo`, the tests and
// `npx vite build playground` work in a fresh clone without `npm run build` first.
// Vite bundles this config file, and the plugin's TypeScript source with it.
import cloudflareImages from '../src/index.js'

// No options: the plugin reads its settings from the environment, as in a CI job.
// CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN turn uploads on. CLOUDFLARE_IMAGES_ACCOUNT_HASH,
// CLOUDFLARE_API_BASE_URL and CLOUDFLARE_IMAGES_DELIVERY_URL are optional, and `npm run demo`
// points them at the local emulator.
export default defineConfig({
  plugins: [cloudflareImages()],
  build: {
    rollupOptions: {
      // Vite builds every HTML page listed here. Vite 8 resolves the paths against the root.
      // NOTE: Vite 7 resolves them against the working directory, so run it inside playground/.
      input: ['index.html', 'gallery/index.html'],
    },
  },
})
