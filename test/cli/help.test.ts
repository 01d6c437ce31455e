import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runCli } from './helpers.js'

const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version

// Each command's own options; every command also lists the shared ones.
const COMMAND_OPTIONS: Record<string, string[]> = {
  sync: ['--verify', '--id-prefix <prefix>'],
  status: ['--json', '--id-prefix <prefix>'],
  rewrite: ['--base <path>', '--delete-local', '--dry-run', '--variant <variant>', '--concurrency <count>', '--id-prefix <prefix>'],
  prune: ['--older-than <days>', '--id-prefix <prefix>', '--yes'],
}

const SHARED_OPTIONS = ['--manifest <path>', '--account-id <id>', '--account-hash <hash>', '--api-url <url>', '--delivery-url <url>', '--verbose']

describe('cli help', () => {
  it.each(Object.keys(COMMAND_OPTIONS))('%s --help lists its options', async (command) => {
    const result = await runCli([command, '--help'])

    expect(result.code).toBe(0)
    for (const option of [...COMMAND_OPTIONS[command]!, ...SHARED_OPTIONS]) expect(result.stdout).toContain(`  ${option}  `)
    expect(result.stdout).toContain('Exit codes:')
    expect(result.stdout).toContain('CLOUDFLARE_API_TOKEN')
  })

  it('unknown command exits 2', async () => {
    const result = await runCli(['upload'])

    expect(result.code).toBe(2)
    expect(result.stderr).toBe('cloudflare-images: Unknown command "upload". Run `cloudflare-images --help` for the list of commands.\n')
  })

  it('unknown option exits 2', async () => {
    const result = await runCli(['sync', '--api-token', 'secret-value'])

    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Unknown option `--apiToken`')
    expect(result.stderr).not.toContain('secret-value')
  })

  it('--version prints the package version', async () => {
    const result = await runCli(['--version'])

    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(new RegExp(`^cloudflare-images/${PACKAGE_VERSION.replaceAll('.', '\\.')} `))
    expect(result.stdout).not.toContain('Usage:')
  })

  it('--version after a command', async () => {
    const result = await runCli(['status', '--version'])

    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`cloudflare-images/${PACKAGE_VERSION} `)
    expect(result.stderr).toBe('')
  })

  it('emulator --help has its own footer', async () => {
    const result = await runCli(['emulator', '--help'])

    expect(result.code).toBe(0)
    expect(result.stdout).not.toContain('CLOUDFLARE_')
    expect(result.stdout).not.toMatch(/^ {2}3 {2}/m)
    expect(result.stdout).toContain('  2  invalid command line, such as a --host that is not a loopback address')
  })

  it('emulator examples indented', async () => {
    const result = await runCli(['emulator', '--help'])

    expect(result.stdout).toContain('Examples:\n  $ cloudflare-images emulator --port 8787 --dir .emulator\n')
  })

  it('negative value reaches the command', async () => {
    const result = await runCli(['prune', '--older-than', '-1'])

    expect(result.code).toBe(2)
    expect(result.stderr).toBe('cloudflare-images: Invalid --older-than -1: expected a number of days, 0 or more, such as --older-than 30.\n')
  })
})
