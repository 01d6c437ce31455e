// Builds and serves a copy of the playground site, for `npm run demo` and the browser test.
//
// Both work on a copy in a temp folder, with the real playground/vite.config.ts as the config
// file and the copy as Vite's root. The manifest and dist/ then land in the copy, so a run
// never writes into the checkout and always starts without a manifest.
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, preview, type Logger, type PreviewServer } from 'vite'
import type { EmulatorHandle } from '../src/emulator/types.js'

export const PLAYGROUND_DIR = fileURLToPath(new URL('../playground/', import.meta.url))
export const PLAYGROUND_CONFIG = join(PLAYGROUND_DIR, 'vite.config.ts')

/** The HTML pages of the playground, as paths under the site's root URL. */
export const PLAYGROUND_PAGES = ['/', '/gallery/'] as const

/** Every environment variable the plugin reads. The demo and the tests set or clear all of them. */
export const CLOUDFLARE_ENV_NAMES = [
  'CLOUDFLARE_ACCOUNT_ID',
  'CLOUDFLARE_API_TOKEN',
  'CLOUDFLARE_IMAGES_ACCOUNT_HASH',
  'CLOUDFLARE_API_BASE_URL',
  'CLOUDFLARE_IMAGES_DELIVERY_URL',
] as const

export type CloudflareEnvironment = Record<(typeof CLOUDFLARE_ENV_NAMES)[number], string>

export interface PlaygroundCopy {
  /** Temp folder that contains the copy, and everything a build writes. */
  tempDir: string
  /** Vite root of the copy. */
  root: string
  outDir: string
  /** Default manifest location of the plugin, relative to the root. */
  manifestPath: string
  remove(): Promise<void>
}

/** Creates a temp folder for a playground copy. The copy's `remove()` deletes it. */
export function createPlaygroundTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'cf-images-playground-'))
}

/**
 * Copies the playground sources (no dist, no manifest, no config) into `parent`, a new temp
 * folder by default.
 */
export async function copyPlayground(parent?: string): Promise<PlaygroundCopy> {
  parent ??= await createPlaygroundTempDir()
  const root = join(parent, 'playground')
  await cp(PLAYGROUND_DIR, root, { recursive: true, filter: (source) => isSiteSource(source) })

  return {
    tempDir: parent,
    root,
    outDir: join(root, 'dist'),
    manifestPath: join(root, 'cloudflare-images.manifest.json'),
    remove: () => rm(parent, { recursive: true, force: true }),
  }
}

function isSiteSource(source: string): boolean {
  const path = relative(PLAYGROUND_DIR, source).split(sep).join('/')
  if (path === '') return true
  const top = path.split('/')[0] ?? ''
  // The config stays in place because it imports the plugin by a path relative to itself.
  // Build output and manifests of earlier builds in the checkout must not leak into the copy.
  if (path === 'vite.config.ts' || top === 'dist' || top === 'node_modules') return false
  return !top.startsWith('cloudflare-images') && !top.startsWith('.cloudflare-images')
}

/** Returns the variables that point the plugin at a running emulator. */
export function emulatorEnvironment(emulator: EmulatorHandle): CloudflareEnvironment {
  return {
    CLOUDFLARE_ACCOUNT_ID: emulator.accountId,
    CLOUDFLARE_API_TOKEN: emulator.token,
    CLOUDFLARE_IMAGES_ACCOUNT_HASH: emulator.accountHash,
    CLOUDFLARE_API_BASE_URL: emulator.apiUrl,
    CLOUDFLARE_IMAGES_DELIVERY_URL: emulator.deliveryUrl,
  }
}

/**
 * Sets the plugin's variables in `process.env` (clearing any the caller does not give, so a real
 * token in the shell never reaches an emulator build) and returns a function that restores them.
 */
export function applyCloudflareEnvironment(values: Partial<CloudflareEnvironment>): () => void {
  const saved = new Map(CLOUDFLARE_ENV_NAMES.map((name) => [name, process.env[name]]))
  for (const name of CLOUDFLARE_ENV_NAMES) {
    const value = values[name]
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }

  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

export interface BuildPlaygroundOptions {
  copy: PlaygroundCopy
  /** Receives Vite's and the plugin's output. @default Vite's own logger */
  customLogger?: Logger
  /** @default 'info' */
  logLevel?: 'info' | 'warn' | 'error' | 'silent'
}

/** Runs `vite build` on the copy with playground/vite.config.ts, as `vite build playground` would. */
export async function buildPlayground({ copy, customLogger, logLevel = 'info' }: BuildPlaygroundOptions): Promise<void> {
  await build({
    configFile: PLAYGROUND_CONFIG,
    root: copy.root,
    logLevel,
    ...(customLogger ? { customLogger } : {}),
    build: { outDir: copy.outDir, emptyOutDir: true },
  })
}

/**
 * Serves the copy's dist/ with `vite preview` on 127.0.0.1 and a free port. The config file is
 * not loaded, so the plugin does not run: preview only serves files.
 */
export async function previewPlayground(copy: PlaygroundCopy, port = 0): Promise<PreviewServer> {
  return preview({
    configFile: false,
    root: copy.root,
    logLevel: 'silent',
    build: { outDir: copy.outDir },
    preview: { host: '127.0.0.1', port, strictPort: port !== 0, open: false },
  })
}

/** Returns the first URL a preview server listens on, without a trailing slash. */
export function previewOrigin(server: PreviewServer): string {
  const url = server.resolvedUrls?.local[0]
  if (url === undefined) throw new Error('vite preview did not report a local URL: the server may not be listening.')
  return url.replace(/\/$/, '')
}
