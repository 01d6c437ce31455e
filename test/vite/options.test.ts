import { readFile } from 'node:fs/promises'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { OPTION_NAMES, type Options, resolveOptions } from '../../src/vite/options.js'

const ACCOUNT_ID = '0123456789abcdef0123456789abcdef'

describe('resolveOptions', () => {
  it('defaults without environment', () => {
    const options = resolveOptions({}, {})
    expect(options.deliveryUrl).toBe('https://imagedelivery.net')
    expect(options.variant).toBe('public')
    expect(options.manifest).toBe('cloudflare-images.manifest.json')
    expect(options.idPrefix).toBe('img/')
    expect(options.publicDir).toBe(true)
    expect(options.concurrency).toBe(8)
    expect(options.onMissingCredentials).toBe('keep-local')
    expect(options.accountId).toBeUndefined()
    expect(options.apiUrl).toBeUndefined()
  })

  it('returns a frozen object', () => {
    expect(Object.isFrozen(resolveOptions({}, {}))).toBe(true)
  })

  it('reads environment variables', () => {
    const options = resolveOptions(
      {},
      {
        CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
        CLOUDFLARE_API_TOKEN: 'token-from-env',
        CLOUDFLARE_IMAGES_ACCOUNT_HASH: 'hash_from-env',
        CLOUDFLARE_API_BASE_URL: 'http://127.0.0.1:9999/client/v4',
        CLOUDFLARE_IMAGES_DELIVERY_URL: 'https://example.invalid/cdn-cgi/imagedelivery/',
      },
    )
    expect(options.accountId).toBe(ACCOUNT_ID)
    expect(options.apiToken).toBe('token-from-env')
    expect(options.accountHash).toBe('hash_from-env')
    expect(options.apiUrl).toBe('http://127.0.0.1:9999/client/v4')
    expect(options.deliveryUrl).toBe('https://example.invalid/cdn-cgi/imagedelivery')
  })

  it('prefers options over environment', () => {
    const options = resolveOptions({ accountHash: 'fromOption' }, { CLOUDFLARE_IMAGES_ACCOUNT_HASH: 'fromEnv' })
    expect(options.accountHash).toBe('fromOption')
  })

  it('errors on missing credentials in CI', () => {
    expect(resolveOptions({}, { CI: 'true' }).onMissingCredentials).toBe('error')
  })

  it.each(['1', 'yes', 'woodpecker'])('treats CI=%s as CI', (value) => {
    expect(resolveOptions({}, { CI: value }).onMissingCredentials).toBe('error')
  })

  it.each(['', '0', 'false', 'FALSE'])('treats CI=%j as local', (value) => {
    expect(resolveOptions({}, { CI: value }).onMissingCredentials).toBe('keep-local')
  })

  it('accepts a flexible variant', () => {
    expect(resolveOptions({ variant: 'w=400,fit=cover' }, {}).variant).toBe('w=400,fit=cover')
  })

  const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
    ['accountId not hex', { accountId: 'not-an-account' }, /invalid option accountId: expected the 32-character hex/],
    ['accountHash with slash', { accountHash: 'a/b' }, /invalid option accountHash/],
    ['apiUrl relative', { apiUrl: '/client/v4' }, /invalid option apiUrl: expected an absolute http\(s\) URL/],
    ['apiUrl ftp', { apiUrl: 'ftp://127.0.0.1/' }, /invalid option apiUrl/],
    ['deliveryUrl with query', { deliveryUrl: 'https://example.invalid/?a=1' }, /invalid option deliveryUrl: expected a URL without a query/],
    ['variant with slash', { variant: 'a/b' }, /invalid option variant/],
    ['variant not a string', { variant: 3 }, /invalid option variant: expected a string, received 3/],
    ['variant with two equals signs', { variant: 'w=1=2' }, /invalid option variant: expected a variant name such as "public"/],
    ['variant with an empty pair', { variant: 'w=400,' }, /invalid option variant/],
    ['variant with a dot in its name', { variant: 'thumb.small' }, /invalid option variant/],
    ['idPrefix with space', { idPrefix: 'my images/' }, /Invalid idPrefix/],
    ['include a number', { include: 5 }, /invalid option include: expected a string, a RegExp or an array/],
    ['exclude with a number', { exclude: ['a', 1] }, /invalid option exclude/],
    ['publicDir a string', { publicDir: 'public' }, /invalid option publicDir: expected true or false/],
    ['concurrency zero', { concurrency: 0 }, /invalid option concurrency: expected an integer of 1 or more, received 0/],
    ['concurrency fraction', { concurrency: 1.5 }, /invalid option concurrency/],
    ['onMissingCredentials unknown', { onMissingCredentials: 'ignore' }, /invalid option onMissingCredentials: expected "error" or "keep-local"/],
    ['unknown option', { acountId: ACCOUNT_ID }, /unknown option "acountId"/],
  ]
  for (const [name, options, message] of invalid) {
    it(`rejects ${name}`, () => {
      expect(() => resolveOptions(options as never, {})).toThrow(TypeError)
      expect(() => resolveOptions(options as never, {})).toThrow(message)
    })
  }

  it('accepts an upper-case account ID', () => {
    expect(resolveOptions({ accountId: ACCOUNT_ID.toUpperCase() }, {}).accountId).toBe(ACCOUNT_ID.toUpperCase())
  })

  it('never prints an invalid account ID', () => {
    expect(() => resolveOptions({ accountId: 'token-in-the-wrong-field' }, {})).toThrow(/received a 24-character value\./)
  })

  it('never prints a non-string token', () => {
    expect(() => resolveOptions({ apiToken: 12345 as never }, {})).toThrow(/received a value of type number/)
  })
})

describe('OPTION_NAMES', () => {
  it('matches the Options type', () => {
    // Checked by `tsc`: a field added to Options without a name here fails the type check.
    expectTypeOf<keyof Options>().toEqualTypeOf<(typeof OPTION_NAMES)[number]>()
    expect(new Set(OPTION_NAMES).size).toBe(OPTION_NAMES.length)
  })
})

describe('README options table', () => {
  it('lists exactly the option names', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('## Options'), readme.indexOf('\n## ', readme.indexOf('## Options') + 1))
    const documented = [...section.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((match) => match[1])
    expect(documented).toEqual([...OPTION_NAMES])
  })
})
