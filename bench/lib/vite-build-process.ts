// Child-process entry: one `vite build` of a benchmark site, timed from inside the process.
// Usage: node --import tsx bench/lib/vite-build-process.ts '<BuildRequest JSON>'
// Prints one line of JSON (`BuildTiming`) on stdout.
import { build, type InlineConfig, type PluginOption } from 'vite'
import type { Options } from '../../src/index.js'

export interface BuildRequest {
  root: string
  outDir: string
  /** Plugin options, or null for the baseline build without the plugin. */
  plugin: Options | null
}

export interface BuildTiming {
  /** Duration of the `build()` call: process start-up and module loading are not included. */
  buildMs: number
}

const request = JSON.parse(process.argv[2] ?? 'null') as BuildRequest
const plugins: PluginOption[] = []
if (request.plugin !== null) {
  const { default: cloudflareImages } = await import('../../src/index.js')
  plugins.push(cloudflareImages(request.plugin))
}

const config: InlineConfig = {
  root: request.root,
  configFile: false,
  logLevel: 'silent',
  build: { outDir: request.outDir, emptyOutDir: true },
  plugins,
}

const startedAt = performance.now()
await build(config)
const timing: BuildTiming = { buildMs: performance.now() - startedAt }
process.stdout.write(`${JSON.stringify(timing)}\n`)
// A keep-alive socket of the plugin's HTTP client must not hold the process open.
process.exit(0)
