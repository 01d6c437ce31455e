import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../../src/core/index.js'
import { replaceIds } from '../../src/rollup/file-url-placeholders.js'
import { IMAGE_ID_FILTER, isUploadedFormat } from '../../src/rollup/formats.js'
import { resolveRollupOptions, ROLLUP_OPTION_NAMES } from '../../src/rollup/options.js'

const ACCOUNT_ID = '0123456789abcdef0123456789abcdef'

describe('rollup options', () => {
  it('defaults without environment', () => {
    const options = resolveRollupOptions({}, {})

    expect(options).toEqual({
      accountId: undefined,
      apiToken: undefined,
      accountHash: undefined,
      apiUrl: undefined,
      deliveryUrl: 'https://imagedelivery.net',
      variant: 'public',
      manifest: 'cloudflare-images.manifest.json',
      idPrefix: 'img/',
      include: null,
      exclude: null,
      concurrency: 8,
      onMissingCredentials: 'keep-local',
      limits: DEFAULT_LIMITS,
    })
  })

  it('limits override single entries', () => {
    const options = resolveRollupOptions({ limits: { maxBytes: 1_000_000, allowAvif: true } }, {})

    expect(options.limits).toEqual({ ...DEFAULT_LIMITS, maxBytes: 1_000_000, allowAvif: true })
  })

  it('environment fills credentials', () => {
    const options = resolveRollupOptions({}, { CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID, CLOUDFLARE_API_TOKEN: 'token', CLOUDFLARE_IMAGES_ACCOUNT_HASH: 'hash_1', CI: 'true' })

    expect(options.accountId).toBe(ACCOUNT_ID)
    expect(options.apiToken).toBe('token')
    expect(options.accountHash).toBe('hash_1')
    expect(options.onMissingCredentials).toBe('error')
  })

  it('option wins over environment', () => {
    const options = resolveRollupOptions({ deliveryUrl: 'https://example.com/cdn-cgi/imagedelivery/' }, { CLOUDFLARE_IMAGES_DELIVERY_URL: 'https://other.example.com' })

    expect(options.deliveryUrl).toBe('https://example.com/cdn-cgi/imagedelivery')
  })

  it('flexible variant becomes options', () => {
    expect(resolveRollupOptions({ variant: 'w=400,fit=cover' }, {}).variant).toEqual({ w: '400', fit: 'cover' })
  })

  it.each([
    [{ accountId: 'abc' }, /invalid option accountId: expected the 32-character hex account ID/],
    [{ variant: 'a/b' }, /invalid option variant/],
    [{ variant: 'w=400,' }, /invalid option variant: expected a variant name such as "public"/],
    [{ concurrency: 0 }, /invalid option concurrency: expected an integer of 1 or more, received 0/],
    [{ idPrefix: '/img' }, /idPrefix/],
    [{ apiUrl: 'not a url' }, /invalid option apiUrl/],
    [{ include: 42 }, /invalid option include/],
    [{ onMissingCredentials: 'ignore' }, /invalid option onMissingCredentials/],
    [{ publicDir: true }, /unknown option "publicDir"/],
    [{ limits: 10 }, /invalid option limits: expected an object with any of maxBytes/],
    [{ limits: { maxBytes: 0 } }, /invalid option limits.maxBytes: expected a positive integer, received 0/],
    [{ limits: { maxPixels: '100' } }, /invalid option limits.maxPixels: expected a positive integer, received "100"/],
    [{ limits: { allowAvif: 'yes' } }, /invalid option limits.allowAvif: expected true or false, received "yes"/],
    [{ limits: { maxSize: 5 } }, /unknown entry limits.maxSize/],
  ])('rejects %j', (options, message) => {
    expect(() => resolveRollupOptions(options as never, {})).toThrow(TypeError)
    expect(() => resolveRollupOptions(options as never, {})).toThrow(message)
  })

  it('token never in the message', () => {
    expect(() => resolveRollupOptions({ apiToken: 12345 as never }, {})).toThrow('received a value of type number')
  })

  it('option names match the type', () => {
    expect([...ROLLUP_OPTION_NAMES].sort()).toEqual(Object.keys(resolveRollupOptions({}, {})).sort())
  })
})

describe('rollup formats', () => {
  it.each(['a.png', 'b.JPG', 'c.jpeg', 'd.gif', 'e.webp', 'f.svg', 'g.heic', 'h.avif'])('load filter takes %s', (id) => {
    expect(IMAGE_ID_FILTER.test(`/site/${id}`)).toBe(true)
  })

  it.each(['a.ico', 'b.tiff', 'c.png?raw', 'd.js'])('load filter skips %s', (id) => {
    expect(IMAGE_ID_FILTER.test(`/site/${id}`)).toBe(false)
  })

  it('avif uploads with allowAvif', () => {
    expect(isUploadedFormat('photo.AVIF', true)).toBe(true)
  })

  it('avif stays local', () => {
    expect(isUploadedFormat('photo.avif')).toBe(false)
  })
})

describe('rollup placeholder swap', () => {
  it('replaces every occurrence', () => {
    expect(replaceIds('"a/AAAA/x" "a/AAAA/y"', new Map([['AAAA', 'BBBB']]))).toBe('"a/BBBB/x" "a/BBBB/y"')
  })

  it('rejects a length change', () => {
    expect(() => replaceIds('AAAA', new Map([['AAAA', 'BBB']]))).toThrow(/differ in length/)
  })
})
