import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_MANIFEST_PATH, resolveSettings, stringFlag } from '../../src/cli/context.js'
import { CliError } from '../../src/cli/errors.js'
import { startEmulator } from '../../src/emulator/index.js'
import { resolveRollupOptions } from '../../src/rollup/options.js'
import { resolveOptions } from '../../src/vite/options.js'
import { makeTempDir, removeDir, runCli } from './helpers.js'

const ACCOUNT_ID = '0123456789abcdef0123456789abcdef'

describe('cli settings', () => {
  it('environment fills every setting', () => {
    const settings = resolveSettings(
      {},
      {
        CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
        CLOUDFLARE_API_TOKEN: 'token-from-env',
        CLOUDFLARE_IMAGES_ACCOUNT_HASH: 'hash_env',
        CLOUDFLARE_IMAGES_DELIVERY_URL: 'https://images.example.com/cdn-cgi/imagedelivery/',
      },
      '/project',
    )

    expect(settings).toEqual({
      manifestPath: path.resolve('/project', 'cloudflare-images.manifest.json'),
      accountId: ACCOUNT_ID,
      apiToken: 'token-from-env',
      apiUrl: undefined,
      accountHash: 'hash_env',
      deliveryUrl: 'https://images.example.com/cdn-cgi/imagedelivery',
      verbose: false,
    })
  })

  it('flags win over environment', () => {
    const settings = resolveSettings(
      { accountHash: 'hash_flag', deliveryUrl: 'https://flag.example.com', manifest: 'site/manifest.json' },
      { CLOUDFLARE_IMAGES_ACCOUNT_HASH: 'hash_env', CLOUDFLARE_IMAGES_DELIVERY_URL: 'https://env.example.com' },
      '/project',
    )

    expect(settings.accountHash).toBe('hash_flag')
    expect(settings.deliveryUrl).toBe('https://flag.example.com')
    expect(settings.manifestPath).toBe(path.resolve('/project', 'site/manifest.json'))
  })

  it('manifest default matches the plugins', () => {
    expect(resolveOptions({}, {}).manifest).toBe(DEFAULT_MANIFEST_PATH)
    expect(resolveRollupOptions({}, {}).manifest).toBe(DEFAULT_MANIFEST_PATH)
  })

  it('default delivery URL', () => {
    expect(resolveSettings({}, {}).deliveryUrl).toBe('https://imagedelivery.net')
  })

  it('invalid delivery URL is a usage error', () => {
    expect(() => resolveSettings({ deliveryUrl: 'ftp://example.com' }, {})).toThrow(CliError)
    expect(() => resolveSettings({ deliveryUrl: 'ftp://example.com' }, {})).toThrow(/Invalid --delivery-url "ftp:\/\/example.com"/)
  })

  it('numeric flag keeps its text', () => {
    const rawArgs = ['node', 'cli', 'sync', '--account-id', '12345678901234567890123456789012']

    expect(stringFlag(1.2345678901234568e31, '--account-id', rawArgs)).toBe('12345678901234567890123456789012')
  })

  it('numeric flag with equals sign', () => {
    expect(stringFlag(10, '--manifest', ['--manifest=010'])).toBe('010')
  })

  it('flag without value is a usage error', () => {
    expect(() => stringFlag(true, '--manifest', [])).toThrow(/Missing value for --manifest/)
  })

  it('all-digit account id reaches the API intact', async () => {
    const accountId = '12345678901234567890123456789012'
    const emulator = await startEmulator({ accountId })
    const dir = await makeTempDir()

    try {
      const result = await runCli(['sync', '--account-id', accountId, '--manifest', path.join(dir, 'manifest.json')], {
        env: { CLOUDFLARE_API_TOKEN: emulator.token, CLOUDFLARE_API_BASE_URL: emulator.apiUrl },
      })

      expect(result.code).toBe(0)
      expect(emulator.count('list-v2', { status: 200 })).toBe(1)
    } finally {
      await emulator.close()
      await removeDir(dir)
    }
  })

  it('http API URL on another host exits 2', async () => {
    const result = await runCli(['sync', '--api-url', 'http://example.invalid/client/v4'], {
      env: { CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID, CLOUDFLARE_API_TOKEN: 'token-value-never-printed' },
    })

    expect(result.code).toBe(2)
    expect(result.stderr).toContain('clear text')
    expect(result.stderr).not.toContain('token-value-never-printed')
  })
})

describe('cli flag validation', () => {
  it('invalid id prefix exits 2', async () => {
    const result = await runCli(['status', '--id-prefix', '/img', '--account-id', ACCOUNT_ID, '--manifest', 'absent.json'])

    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^cloudflare-images: Invalid --id-prefix "\/img": Cloudflare image IDs must not start with '\/'/)
  })

  it('invalid account hash is a usage error', () => {
    expect(() => resolveSettings({ accountHash: 'has space' }, {})).toThrow(/Invalid --account-hash "has space"/)
  })

  it('invalid hash from environment names the variable', () => {
    expect(() => resolveSettings({}, { CLOUDFLARE_IMAGES_ACCOUNT_HASH: 'a/b' })).toThrow(/Invalid CLOUDFLARE_IMAGES_ACCOUNT_HASH "a\/b"/)
  })

  it.each([
    [{ accountId: 'xyz' }, {}, /^Invalid --account-id: expected 32 hexadecimal characters, got 3 characters\./],
    [{}, { CLOUDFLARE_ACCOUNT_ID: 'not-an-id' }, /^Invalid CLOUDFLARE_ACCOUNT_ID: expected 32 hexadecimal characters, got 9 characters\./],
    [{ accountId: 'g123456789abcdef0123456789abcdef' }, {}, /^Invalid --account-id: it is 32 characters long but contains characters other than 0-9 and a-f\./],
  ])('invalid account id is a usage error (%j %j)', (flags, env, message) => {
    let caught: unknown
    try {
      resolveSettings(flags, env)
    } catch (error) {
      caught = error
    }

    expect(caught).toBeInstanceOf(CliError)
    expect((caught as CliError).exitCode).toBe(2)
    expect((caught as CliError).message).toMatch(message)
    expect((caught as CliError).message).not.toMatch(/xyz|not-an-id|g123/)
  })

  it('flag account id wins over an invalid variable', () => {
    expect(resolveSettings({ accountId: ACCOUNT_ID }, { CLOUDFLARE_ACCOUNT_ID: 'not-an-id' }).accountId).toBe(ACCOUNT_ID)
  })
})
