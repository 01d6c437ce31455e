import type { CAC } from 'cac'
import { stringFlag } from '../context.js'
import { CliError, EXIT_CODES, usageError } from '../errors.js'
import { createOutput } from '../output.js'
import { DEFAULT_ACCOUNT_HASH, DEFAULT_ACCOUNT_ID, DEFAULT_TOKEN, startEmulator } from '../../emulator/index.js'
import { ENDPOINTS, FAULT_SPEC_HELP, parseFaultSpec } from '../../emulator/fault-spec.js'
import { resolveEmulatorOptions } from '../../emulator/options.js'
import type { EmulatorEndpoint, EmulatorOptions, FaultRule } from '../../emulator/types.js'

const DEFAULT_PORT = 8787

interface EmulatorFlags {
  port?: unknown
  host?: unknown
  accountId?: unknown
  accountHash?: unknown
  token?: unknown
  dir?: unknown
  flexibleVariants?: unknown
  rateLimit?: unknown
  fault?: unknown
  latency?: unknown
  plainTextNotFound?: unknown
  verbose?: unknown
}

export function registerEmulatorCommand(cli: CAC): void {
  cli
    .command('emulator', 'Run a local Cloudflare Images API on 127.0.0.1 for tests and offline builds')
    .option('--port <port>', `TCP port; 0 picks a free one (default: ${DEFAULT_PORT})`)
    .option('--host <host>', 'Loopback address to listen on: 127.0.0.1, ::1 or localhost (default: 127.0.0.1)')
    .option('--account-id <id>', `Account ID the emulator accepts, 32 hex characters (default: ${DEFAULT_ACCOUNT_ID})`)
    .option('--account-hash <hash>', `Account hash written into delivery URLs (default: ${DEFAULT_ACCOUNT_HASH})`)
    .option('--token <token>', `API token the emulator accepts. It is a local test value, not a Cloudflare secret, so the command prints it (default: ${DEFAULT_TOKEN})`)
    .option('--dir <path>', 'Store images in this folder so they survive a restart (default: in memory)')
    .option('--flexible-variants', 'Allow flexible variants such as w=400,h=300 in delivery URLs (default: off)')
    .option('--rate-limit <limit>', 'Account rate limit as <requests>/<seconds>, or off (default: 1200/300)')
    .option('--fault <spec>', `Inject a fault; repeat for more. Spec: ${FAULT_SPEC_HELP}`)
    .option('--latency <spec>', `Add latency to an endpoint as <endpoint>=<milliseconds>; repeat for more. Endpoints: ${ENDPOINTS.join(', ')}`)
    .option('--plain-text-not-found', 'Answer a missing image with text/plain "ERROR 5404: Image not found", as the real API sometimes does')
    .option('--verbose', 'Print one line per request on stderr')
    .example((name) => `  $ ${name} emulator --port 8787 --dir .emulator`)
    .example((name) => `  $ ${name} emulator --rate-limit 5/60 --fault upload=503:htmlx2`)
    .action((flags: EmulatorFlags) => runEmulator(flags))
}

/** Starts the emulator, prints the environment a build needs, and runs until SIGINT or SIGTERM. */
async function runEmulator(flags: EmulatorFlags): Promise<number> {
  const verbose = flags.verbose === true
  const output = createOutput({ verbose })
  const options = readEmulatorOptions(flags)
  options.logger = output.logger
  if (verbose) {
    options.onRequest = (request) => {
      const scope = request.batch ? ' (batch)' : ''
      const status = request.status === 0 ? 'reset' : String(request.status)
      output.logger.debug?.(`${request.method} ${request.path} -> ${status} ${request.endpoint}${scope} ${Math.round(request.durationMs)} ms`)
    }
  }

  const emulator = await startEmulator(options).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    throw new CliError(
      `Port ${options.port} on ${options.host} is already in use: stop the other server, pass another --port, or pass --port 0 to pick a free one.`,
      'CLI_FAILURE',
      EXIT_CODES.failure,
      { cause: error },
    )
  })

  const origin = emulator.batchUrl
  const environment: Array<[string, string]> = [
    ['CLOUDFLARE_API_BASE_URL', emulator.apiUrl],
    ['CLOUDFLARE_ACCOUNT_ID', emulator.accountId],
    ['CLOUDFLARE_API_TOKEN', emulator.token],
    ['CLOUDFLARE_IMAGES_ACCOUNT_HASH', emulator.accountHash],
    ['CLOUDFLARE_IMAGES_DELIVERY_URL', emulator.deliveryUrl],
  ]
  for (const [name, value] of environment) output.result(`export ${name}=${shellQuote(value)}`)

  const storage = options.dir ? `images in ${options.dir}` : 'images in memory'
  output.logger.info(`Cloudflare Images emulator listening on ${origin} (${storage}). Press Ctrl+C to stop.`)

  await waitForStopSignal()
  await emulator.close()
  output.logger.info('Cloudflare Images emulator stopped.')
  return EXIT_CODES.ok
}

function waitForStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

/** Quotes a value for POSIX shells only when it contains characters a shell would interpret. */
function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value
  return `'${value.replaceAll("'", `'\\''`)}'`
}

function listFlag(value: unknown, flag: string): string[] {
  if (value === undefined) return []
  const values = Array.isArray(value) ? value : [value]
  return values.map((item) => {
    if (typeof item !== 'string' || item === '') throw usageError(`Missing value for ${flag}: write it as ${flag} <value>.`)
    return item
  })
}

export function readEmulatorOptions(flags: EmulatorFlags): EmulatorOptions {
  const options: EmulatorOptions = {
    port: parsePort(stringFlag(flags.port, '--port')),
    host: parseHost(stringFlag(flags.host, '--host')),
    accountId: parseAccountId(stringFlag(flags.accountId, '--account-id')),
    accountHash: stringFlag(flags.accountHash, '--account-hash') ?? DEFAULT_ACCOUNT_HASH,
    token: stringFlag(flags.token, '--token') ?? DEFAULT_TOKEN,
    rateLimit: parseRateLimit(stringFlag(flags.rateLimit, '--rate-limit')),
    plainTextNotFound: flags.plainTextNotFound === true,
  }

  const dir = stringFlag(flags.dir, '--dir')
  if (dir !== undefined) options.dir = dir
  if (flags.flexibleVariants === true) options.flexibleVariants = true

  options.faults = listFlag(flags.fault, '--fault').map((spec): FaultRule => {
    try {
      return parseFaultSpec(spec)
    } catch (error) {
      throw usageError((error as Error).message)
    }
  })

  const latencyMs: Partial<Record<EmulatorEndpoint, number>> = {}
  for (const spec of listFlag(flags.latency, '--latency')) {
    const match = /^([a-z0-9-]+)=(\d+)$/.exec(spec)
    if (!match?.[1] || !ENDPOINTS.includes(match[1] as EmulatorEndpoint)) {
      throw usageError(`Invalid --latency ${JSON.stringify(spec)}: expected <endpoint>=<milliseconds> with an endpoint from ${ENDPOINTS.join(', ')}.`)
    }
    latencyMs[match[1] as EmulatorEndpoint] = Number(match[2])
  }
  options.latencyMs = latencyMs

  // The emulator checks the remaining values (such as --account-hash and --token) itself.
  try {
    resolveEmulatorOptions(options)
  } catch (error) {
    if (error instanceof TypeError) throw usageError(error.message)
    throw error
  }
  return options
}

/** Loopback addresses the emulator accepts; it serves a fixed test token, so it never listens on a network. */
const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost']

function parseHost(text: string | undefined): string {
  if (text === undefined) return '127.0.0.1'
  if (!LOOPBACK_HOSTS.includes(text)) {
    throw usageError(`Invalid --host ${JSON.stringify(text)}: the emulator only listens on loopback, so use 127.0.0.1, ::1 or localhost.`)
  }
  return text
}

function parseAccountId(text: string | undefined): string {
  if (text === undefined) return DEFAULT_ACCOUNT_ID
  if (!/^[0-9a-f]{32}$/.test(text)) {
    throw usageError(`Invalid --account-id ${JSON.stringify(text)}: expected 32 lowercase hexadecimal characters, such as ${DEFAULT_ACCOUNT_ID}.`)
  }
  return text
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT
  const port = Number(text)
  if (!/^\d+$/.test(text) || port > 65535) throw usageError(`Invalid --port ${JSON.stringify(text)}: expected an integer from 0 to 65535.`)
  return port
}

function parseRateLimit(text: string | undefined): EmulatorOptions['rateLimit'] {
  if (text === undefined) return { requests: 1200, windowSeconds: 300 }
  if (text === 'off') return false

  const match = /^(\d+)\/(\d+)$/.exec(text)
  const requests = Number(match?.[1])
  const windowSeconds = Number(match?.[2])
  if (!match || requests < 1 || windowSeconds < 1) {
    throw usageError(`Invalid --rate-limit ${JSON.stringify(text)}: expected <requests>/<seconds> such as 1200/300, or off.`)
  }
  return { requests, windowSeconds }
}
