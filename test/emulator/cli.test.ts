import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { readEmulatorOptions } from '../../src/cli/commands/emulator.js'
import { send } from './helpers.js'

const root = path.resolve(import.meta.dirname, '../..')
// The tsx binary itself, not `npx tsx`: npx runs it through `sh -c`, which does not pass
// SIGTERM on, so the command under test would never see the signal.
const tsx = path.join(root, 'node_modules/.bin/tsx')

const children = new Set<ChildProcess>()

afterEach(() => {
  for (const child of children) child.kill('SIGKILL')
  children.clear()
})

function runCli(args: string[]): ChildProcess {
  const child = spawn(tsx, ['src/cli/index.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  return child
}

/** Reads stdout lines until the five `export` lines have arrived. */
async function readEnvironment(child: ChildProcess): Promise<Record<string, string>> {
  const environment: Record<string, string> = {}
  const lines = createInterface({ input: child.stdout! })
  for await (const line of lines) {
    const match = /^export ([A-Z_]+)=(.*)$/.exec(line)
    if (match?.[1] && match[2] !== undefined) environment[match[1]] = match[2]
    if (Object.keys(environment).length === 5) break
  }
  return environment
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

function collect(stream: NodeJS.ReadableStream | null): () => string {
  let text = ''
  stream?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
  })
  return () => text
}

describe('emulator command', () => {
  it('prints the environment and stops on SIGTERM', async () => {
    const child = runCli(['emulator', '--port', '0', '--verbose', '--account-hash', 'cliAccountHash00000000'])
    const stderr = collect(child.stderr)
    const exited = exitCode(child)
    const environment = await readEnvironment(child)

    const apiUrl = environment.CLOUDFLARE_API_BASE_URL ?? ''
    const answer = await send(`${apiUrl}/accounts/${environment.CLOUDFLARE_ACCOUNT_ID}/images/v1/stats`, {
      headers: { authorization: `Bearer ${environment.CLOUDFLARE_API_TOKEN}` },
    })
    child.kill('SIGTERM')
    const code = await exited

    expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/)
    expect(environment.CLOUDFLARE_IMAGES_ACCOUNT_HASH).toBe('cliAccountHash00000000')
    expect(environment.CLOUDFLARE_IMAGES_DELIVERY_URL).toBe(apiUrl.replace('/client/v4', '/cdn-cgi/imagedelivery'))
    expect(answer.status).toBe(200)
    expect(code).toBe(0)
    expect(stderr()).toMatch(/GET \/client\/v4\/accounts\/\w+\/images\/v1\/stats -> 200 stats/)
    expect(stderr()).toMatch(/emulator stopped/)
  })

  it('prints help', async () => {
    const child = runCli(['emulator', '--help'])
    const stdout = collect(child.stdout)
    const code = await exitCode(child)

    expect(code).toBe(0)
    expect(stdout()).toMatch(/--rate-limit <limit>/)
    expect(stdout()).toMatch(/not a Cloudflare secret/)
  })

  it('exits 2 on an invalid rate limit', async () => {
    const child = runCli(['emulator', '--port', '0', '--rate-limit', 'fast'])
    const stderr = collect(child.stderr)
    const code = await exitCode(child)

    expect(code).toBe(2)
    expect(stderr()).toMatch(/Invalid --rate-limit "fast"/)
  })
})

describe('readEmulatorOptions', () => {
  it('uses port 8787 and 127.0.0.1 by default', () => {
    const options = readEmulatorOptions({})

    expect(options.port).toBe(8787)
    expect(options.host).toBe('127.0.0.1')
    expect(options.rateLimit).toEqual({ requests: 1200, windowSeconds: 300 })
  })

  it('parses --rate-limit n/s', () => {
    expect(readEmulatorOptions({ rateLimit: '5/60' }).rateLimit).toEqual({ requests: 5, windowSeconds: 60 })
  })

  it('parses --rate-limit off', () => {
    expect(readEmulatorOptions({ rateLimit: 'off' }).rateLimit).toBe(false)
  })

  it('parses repeated --fault', () => {
    const options = readEmulatorOptions({ fault: ['upload=503:html', 'get=reset'] })

    expect(options.faults).toHaveLength(2)
    expect(options.faults?.[1]).toEqual({ endpoint: 'get', response: { kind: 'reset' } })
  })

  it('parses --latency', () => {
    expect(readEmulatorOptions({ latency: 'upload=40' }).latencyMs).toEqual({ upload: 40 })
  })

  it('rejects an unknown --latency endpoint', () => {
    expect(() => readEmulatorOptions({ latency: 'uploads=40' })).toThrow(/Invalid --latency/)
  })

  it('sets --flexible-variants', () => {
    expect(readEmulatorOptions({ flexibleVariants: true }).flexibleVariants).toBe(true)
  })
})
