// Runs the real CLI as a child process through tsx, so the tests need no prior build.
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import sharp from 'sharp'
import type { EmulatorHandle } from '../../src/emulator/index.js'
import { buildMetadata } from '../../src/core/index.js'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CLI_ENTRY = path.join(REPO_ROOT, 'src/cli/index.ts')
// The child loads the same loopback-only guard as the tests, so the CLI can never reach a real host.
const NETWORK_GUARD = pathToFileURL(path.join(REPO_ROOT, 'test/setup/network-guard.ts')).href

function tsxLoader(): string {
  const require = createRequire(import.meta.url)
  const packageJsonPath = require.resolve('tsx/package.json')
  const manifest = JSON.parse(require('node:fs').readFileSync(packageJsonPath, 'utf8')) as { exports: { '.': string } }
  return pathToFileURL(path.join(path.dirname(packageJsonPath), manifest.exports['.'])).href
}

const TSX_LOADER = tsxLoader()

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Returns the process environment without the Cloudflare settings or CI flag of the machine running the tests. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('CLOUDFLARE_') || name === 'CI' || name === 'FORCE_COLOR') continue
    env[name] = value
  }
  env.NO_COLOR = '1'
  return env
}

export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, '--import', NETWORK_GUARD, CLI_ENTRY, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...cleanEnvironment(), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text))
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Returns the environment variables that point the CLI at an emulator. */
export function emulatorEnv(emulator: EmulatorHandle): Record<string, string> {
  return {
    CLOUDFLARE_ACCOUNT_ID: emulator.accountId,
    CLOUDFLARE_API_TOKEN: emulator.token,
    CLOUDFLARE_API_BASE_URL: emulator.apiUrl,
    CLOUDFLARE_IMAGES_DELIVERY_URL: emulator.deliveryUrl,
  }
}

export async function makeTempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'cf-images-cli-'))
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

export async function readJson(file: string): Promise<any> {
  return JSON.parse(await readFile(file, 'utf8'))
}

/** Makes a 64-hex SHA-256 from a number, for seeded images without bytes. The number leads, so content IDs differ. */
export function fakeSha256(index: number): string {
  return index.toString(16).padStart(8, '0').padEnd(64, 'a')
}

/** Metadata as this tool writes it, for seeding the emulator. */
export function ownMetadata(index: number, file = `images/photo-${index}.png`): Record<string, unknown> {
  return buildMetadata({ sha256: fakeSha256(index), file, info: { format: 'png', bytes: 100 + index, width: 10, height: 20 } })
}

/** Returns the ISO-8601 time `days` days before now. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString()
}

/** Writes a small PNG of one colour; different colours give different bytes. */
export async function writePng(file: string, color: { r: number; g: number; b: number }, size = 8): Promise<Buffer> {
  const bytes = await sharp({ create: { width: size, height: size, channels: 3, background: color } })
    .png()
    .toBuffer()
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, bytes)
  return bytes
}
