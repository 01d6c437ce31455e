// `npm run demo -- [--serve] [--port <number>] [--keep]`
//
// Starts the Cloudflare Images emulator in this process, builds a temp copy of the playground
// against it twice with `vite build`, and prints what was uploaded. The second build shows
// that nothing uploads twice. Nothing leaves 127.0.0.1: the demo replaces any CLOUDFLARE_*
// variables of the shell with the emulator's, so a real token is never used.
import { rmSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import pc from 'picocolors'
import { buildDeliveryUrl } from '../src/core/delivery.js'
import { parseManifest } from '../src/core/manifest-format.js'
import { startEmulator } from '../src/emulator/index.js'
import type { EmulatorHandle } from '../src/emulator/types.js'
import {
  applyCloudflareEnvironment,
  buildPlayground,
  copyPlayground,
  createPlaygroundTempDir,
  emulatorEnvironment,
  previewOrigin,
  previewPlayground,
  PLAYGROUND_PAGES,
  type PlaygroundCopy,
} from './playground-build.js'

const USAGE = `Usage: npm run demo -- [--serve] [--port <number>] [--keep]

  --serve           After both builds, serve the site with vite preview on 127.0.0.1 until Ctrl-C.
                    The emulator keeps running and serves the images.
  --port <number>   Port of vite preview (default 4173; the next free port if it is taken).
  --keep            Keep the temp copy (dist/ and the manifest) after the demo ends.
  --help            Show this text.

The demo never contacts Cloudflare. To upload the playground to your own account, run
  CLOUDFLARE_ACCOUNT_ID=... CLOUDFLARE_API_TOKEN=... npx vite build playground`

interface DemoFlags {
  serve: boolean
  port: number
  keep: boolean
}

const FLAG_OPTIONS = {
  serve: { type: 'boolean', default: false },
  port: { type: 'string', default: '4173' },
  keep: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const

function readFlagValues(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: FLAG_OPTIONS, strict: true }).values
  } catch (error) {
    throw new TypeError(`${(error as Error).message}. Run \`npm run demo -- --help\` for the options.`)
  }
}

function parseFlags(argv: string[]): DemoFlags | undefined {
  const values = readFlagValues(argv)
  if (values.help) return undefined

  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new TypeError(`Invalid --port ${JSON.stringify(values.port)}: expected an integer from 1 to 65535.`)
  }
  return { serve: values.serve, port, keep: values.keep }
}

function heading(text: string): void {
  process.stdout.write(`\n${pc.bold(pc.cyan(`== ${text}`))}\n\n`)
}

function line(text = ''): void {
  process.stdout.write(`${text}\n`)
}

/** Builds the copy once and returns the number of upload requests the emulator completed with status 200. */
async function buildOnce(copy: PlaygroundCopy, emulator: EmulatorHandle): Promise<number> {
  const before = emulator.count('upload', { status: 200 })
  await buildPlayground({ copy })
  return emulator.count('upload', { status: 200 }) - before
}

/** Prints one row per image in the manifest: original file, size and delivery URL. */
async function printManifestTable(copy: PlaygroundCopy, emulator: EmulatorHandle): Promise<void> {
  let text: string
  try {
    text = await readFile(copy.manifestPath, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    line(pc.yellow(`No manifest at ${copy.manifestPath}: the build recorded no uploads.`))
    return
  }

  const parsed = parseManifest(text)
  if (parsed.status !== 'ok') {
    line(pc.yellow(`The manifest at ${copy.manifestPath} could not be read (${parsed.status}).`))
    return
  }

  const account = parsed.data.get(emulator.accountId)
  const entries = [...(account?.images.values() ?? [])].sort((a, b) => a.file.localeCompare(b.file))
  const fileWidth = Math.max(4, ...entries.map((entry) => entry.file.length))
  const bytesWidth = 7

  line(`${'file'.padEnd(fileWidth)}  ${'bytes'.padStart(bytesWidth)}  delivery URL`)
  for (const entry of entries) {
    const url = buildDeliveryUrl({ deliveryUrl: emulator.deliveryUrl, accountHash: emulator.accountHash, id: entry.id, variant: 'public' })
    line(`${entry.file.padEnd(fileWidth)}  ${String(entry.bytes).padStart(bytesWidth)}  ${url}`)
  }
  line()
  line(`${entries.length} images in the manifest. Files with identical bytes share one row, under the first name seen.`)
}

// Ctrl-C during a build deletes the temp copy and exits. While serving, it stops the server
// instead, and the demo cleans up as usual.
let onInterrupt: () => void = () => process.exit(130)
process.on('SIGINT', () => onInterrupt())
process.on('SIGTERM', () => onInterrupt())

async function serveUntilInterrupted(copy: PlaygroundCopy, port: number): Promise<void> {
  const server = await previewPlayground(copy, port)
  const origin = previewOrigin(server)

  heading('Serving the built site')
  for (const path of PLAYGROUND_PAGES) line(`  ${origin}${path}`)
  line()
  line('Images load from the emulator. Press Ctrl-C to stop.')

  await new Promise<void>((resolve) => {
    onInterrupt = resolve
  })
  await server.close()
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2))
  if (flags === undefined) {
    line(USAGE)
    return
  }

  if (process.env.CLOUDFLARE_API_TOKEN) {
    line(pc.yellow('CLOUDFLARE_API_TOKEN is set in this shell. The demo ignores it and uses the local emulator.'))
  }

  const emulator = await startEmulator()
  const restoreEnvironment = applyCloudflareEnvironment(emulatorEnvironment(emulator))
  const tempDir = await createPlaygroundTempDir()
  if (!flags.keep) {
    onInterrupt = () => {
      rmSync(tempDir, { recursive: true, force: true })
      process.exit(130)
    }
  }
  const startDirectory = process.cwd()

  try {
    const copy = await copyPlayground(tempDir)
    // Vite prints output paths relative to the working directory, as after `cd playground`.
    process.chdir(copy.root)

    heading('Local Cloudflare Images emulator')
    line(`API:      ${emulator.apiUrl}`)
    line(`Delivery: ${emulator.deliveryUrl}/${emulator.accountHash}/<image id>/<variant>`)
    line(`Site:     a copy of playground/ in ${copy.root}`)

    heading('Build 1: no manifest yet, so every image is uploaded')
    const firstUploads = await buildOnce(copy, emulator)

    heading('Images on Cloudflare (from the manifest)')
    await printManifestTable(copy, emulator)

    heading('Build 2: same sources, the manifest from build 1')
    const secondUploads = await buildOnce(copy, emulator)

    heading('Result')
    line(`Upload requests counted by the emulator: build 1: ${firstUploads}, build 2: ${secondUploads}.`)

    if (flags.serve) await serveUntilInterrupted(copy, flags.port)
    if (flags.keep) line(`Kept the copy with its dist/ and manifest: ${copy.root}`)
  } finally {
    process.chdir(startDirectory)
    restoreEnvironment()
    await emulator.close()
    if (!flags.keep) await rm(tempDir, { recursive: true, force: true })
  }
}

try {
  await main()
} catch (error) {
  process.stderr.write(`${pc.red('Demo failed:')} ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
