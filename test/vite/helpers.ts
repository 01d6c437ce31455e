import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import type { InlineConfig, Logger, LogLevel } from 'vite'
import cloudflareImages, { type Options } from '../../src/index.js'
import type { EmulatorHandle } from '../../src/emulator/index.js'

/** `vite` (Vite 8) unless `VITE_PACKAGE=vite7` selects the Vite 7 alias. */
export const VITE_PACKAGE = process.env.VITE_PACKAGE ?? 'vite'

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))

type Build = (config: InlineConfig) => Promise<unknown>

export async function loadBuild(packageName: string = VITE_PACKAGE): Promise<Build> {
  const vite = (await import(packageName)) as { build: Build }
  return vite.build
}

/** Messages a build logged, by level. */
export interface CapturedLogs {
  info: string[]
  warn: string[]
  error: string[]
}

export function createCapturingLogger(): { logger: Logger; logs: CapturedLogs } {
  const logs: CapturedLogs = { info: [], warn: [], error: [] }
  const warned = new Set<string>()
  const logger: Logger = {
    hasWarned: false,
    info: (message) => {
      logs.info.push(message)
    },
    warn: (message) => {
      logger.hasWarned = true
      logs.warn.push(message)
    },
    warnOnce: (message) => {
      if (warned.has(message)) return
      warned.add(message)
      logger.warn(message)
    },
    error: (message) => {
      logs.error.push(message)
    },
    clearScreen: () => {},
    hasErrorLogged: () => false,
  }
  return { logger, logs }
}

/**
 * Copies a fixture folder (or nothing) into a fresh temp directory and returns its path. With
 * `linkNodeModules`, the project can import this repository's packages (vue, for example).
 */
export async function createProject(fixture?: string, { linkNodeModules = false } = {}): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'cf-images-vite-'))
  if (fixture !== undefined) await cp(path.join(FIXTURES, fixture), root, { recursive: true })
  if (linkNodeModules) await symlink(fileURLToPath(new URL('../../node_modules', import.meta.url)), path.join(root, 'node_modules'), 'dir')
  return root
}

export async function removeProject(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true })
}

/**
 * Writes a small image. `kind: 'noise'` (the default) gives random pixels: about 10 kB at 64 px,
 * over Vite's 4 KiB inline limit, and different bytes on every call. `kind: 'flat'` gives one
 * colour: a few hundred bytes, under the limit.
 */
export async function writeImage(file: string, { kind = 'noise', size = 64 }: { kind?: 'noise' | 'flat'; size?: number } = {}): Promise<Buffer> {
  await mkdir(path.dirname(file), { recursive: true })
  const image =
    kind === 'noise'
      ? sharp({ create: { width: size, height: size, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      : sharp({ create: { width: size, height: size, channels: 3, background: '#3366cc' } })
  const extension = path.extname(file).toLowerCase()
  const bytes = extension === '.jpg' || extension === '.jpeg' ? await image.jpeg({ quality: 100, chromaSubsampling: '4:4:4' }).toBuffer() : await image.png().toBuffer()
  await writeFile(file, bytes)
  return bytes
}

/** Writes images into `root`: noise for every name, except names containing `small` (flat). */
export async function writeImages(root: string, names: readonly string[]): Promise<Map<string, Buffer>> {
  const written = new Map<string, Buffer>()
  for (const name of names) {
    written.set(name, await writeImage(path.join(root, name), { kind: name.includes('small') ? 'flat' : 'noise' }))
  }
  return written
}

export async function writeText(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, text)
}

/** Plugin options pointing at the emulator. */
export function emulatorOptions(emulator: EmulatorHandle, extra: Options = {}): Options {
  return {
    accountId: emulator.accountId,
    apiToken: emulator.token,
    apiUrl: emulator.apiUrl,
    deliveryUrl: emulator.deliveryUrl,
    onMissingCredentials: 'error',
    ...extra,
  }
}

export interface BuildResult {
  outDir: string
  logs: CapturedLogs
  /** Output files, relative to `outDir` with `/` separators, to their text (binary files as latin1). */
  files: Map<string, string>
}

export interface BuildOptions {
  root: string
  plugin?: Options | false
  config?: InlineConfig
  outDir?: string
  logLevel?: LogLevel
  packageName?: string
}

/** Runs a real `vite build` of `root` into `outDir` (default `<root>/dist`) and reads the output. */
export async function runBuild(options: BuildOptions): Promise<BuildResult> {
  const build = await loadBuild(options.packageName)
  const { logger, logs } = createCapturingLogger()
  const outDir = options.outDir ?? path.join(options.root, 'dist')
  const userConfig = options.config ?? {}
  const plugins = [...(userConfig.plugins ?? [])]
  if (options.plugin !== false) plugins.push(cloudflareImages(options.plugin ?? {}))

  await build({
    configFile: false,
    root: options.root,
    logLevel: options.logLevel ?? 'info',
    customLogger: logger,
    ...userConfig,
    plugins,
    build: { outDir, emptyOutDir: true, write: true, ...userConfig.build },
  })
  return { outDir, logs, files: await readTree(outDir) }
}

export async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) await walk(full)
      else files.set(path.relative(dir, full).split(path.sep).join('/'), await readFile(full, 'latin1'))
    }
  }
  await walk(dir)
  return files
}

/** Lists the output files whose names end with one of the extensions. */
export function filesEndingWith(files: Map<string, string>, ...extensions: string[]): string[] {
  return [...files.keys()].filter((name) => extensions.some((extension) => name.toLowerCase().endsWith(extension)))
}

/** Joins the text of the output's HTML, JS and CSS files. */
export function outputText(files: Map<string, string>): string {
  return filesEndingWith(files, '.html', '.js', '.mjs', '.css')
    .map((name) => files.get(name))
    .join('\n')
}

/** Finds the delivery URLs in a text, in order of appearance. */
export function deliveryUrls(text: string, emulator: EmulatorHandle): string[] {
  const escaped = emulator.deliveryUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const urlCharacters = '[^\\s"\'`)<>]+'
  return text.match(new RegExp(`${escaped}/${urlCharacters}`, 'g')) ?? []
}
