import { describe, expect, it } from 'vitest'
import { buildDeliveryUrl, formatFlexibleVariant, isVariantText, joinSrcset, parseVariant } from '../../src/core/index.js'

const HASH = 'Vi7wi5KSItxGFsWRG2Us6Q'

describe('buildDeliveryUrl', () => {
  it.each([
    {
      name: 'named variant',
      input: { deliveryUrl: 'https://imagedelivery.net', id: 'img/abc', variant: 'public' },
      expected: `https://imagedelivery.net/${HASH}/img/abc/public`,
    },
    {
      name: 'trailing slash on base',
      input: { deliveryUrl: 'https://imagedelivery.net/', id: 'abc', variant: 'thumb' },
      expected: `https://imagedelivery.net/${HASH}/abc/thumb`,
    },
    {
      name: 'custom domain',
      input: { deliveryUrl: 'https://example.com/cdn-cgi/imagedelivery', id: 'img/abc', variant: 'public' },
      expected: `https://example.com/cdn-cgi/imagedelivery/${HASH}/img/abc/public`,
    },
    {
      name: 'custom domain, trailing slash',
      input: { deliveryUrl: 'https://example.com/cdn-cgi/imagedelivery/', id: 'x', variant: 'public' },
      expected: `https://example.com/cdn-cgi/imagedelivery/${HASH}/x/public`,
    },
    {
      name: 'flexible variant',
      input: { deliveryUrl: 'https://imagedelivery.net', id: 'abc', variant: { width: 400, fit: 'cover' as const } },
      expected: `https://imagedelivery.net/${HASH}/abc/w=400,fit=cover`,
    },
    {
      name: 'flexible variant, all short names',
      input: { deliveryUrl: 'https://imagedelivery.net', id: 'abc', variant: { width: 1, height: 2, quality: 85, format: 'auto' as const } },
      expected: `https://imagedelivery.net/${HASH}/abc/w=1,h=2,q=85,f=auto`,
    },
    {
      name: 'flexible variant, boolean and undefined',
      input: { deliveryUrl: 'https://imagedelivery.net', id: 'abc', variant: { anim: false, blur: undefined, dpr: 2 } },
      expected: `https://imagedelivery.net/${HASH}/abc/anim=false,dpr=2`,
    },
    {
      name: 'percent in id',
      input: { deliveryUrl: 'https://imagedelivery.net', id: '100%/a', variant: 'public' },
      expected: `https://imagedelivery.net/${HASH}/100%25/a/public`,
    },
    {
      name: 'space, query and fragment characters in id',
      input: { deliveryUrl: 'https://imagedelivery.net', id: 'a b?c#d', variant: 'public' },
      expected: `https://imagedelivery.net/${HASH}/a%20b%3Fc%23d/public`,
    },
    {
      name: 'non-ASCII id',
      input: { deliveryUrl: 'https://imagedelivery.net', id: 'bild/ä', variant: 'public' },
      expected: `https://imagedelivery.net/${HASH}/bild/%C3%A4/public`,
    },
    {
      name: 'loopback emulator',
      input: { deliveryUrl: 'http://127.0.0.1:8787/cdn-cgi/imagedelivery', id: 'img/abc', variant: 'public' },
      expected: `http://127.0.0.1:8787/cdn-cgi/imagedelivery/${HASH}/img/abc/public`,
    },
  ])('$name', ({ input, expected }) => {
    expect(buildDeliveryUrl({ accountHash: HASH, ...input })).toBe(expected)
  })

  it.each([
    ['empty variant', { variant: '' }, /Invalid variant/],
    ['variant with slash', { variant: 'a/b' }, /Invalid variant/],
    ['empty flexible variant', { variant: {} }, /no options/],
    ['flexible value with comma', { variant: { gravity: 'a,b' } }, /Invalid flexible variant option gravity/],
    ['flexible value with hash', { variant: { background: '#fff' } }, /Invalid flexible variant option background/],
    ['flexible NaN', { variant: { width: Number.NaN } }, /finite number/],
    ['id with leading slash', { id: '/abc' }, /Invalid image id/],
    ['id with trailing slash', { id: 'abc/' }, /Invalid image id/],
    ['relative base', { deliveryUrl: 'imagedelivery.net' }, /Invalid deliveryUrl/],
    ['base with query', { deliveryUrl: 'https://imagedelivery.net/?a=1' }, /query/],
    ['ftp base', { deliveryUrl: 'ftp://example.invalid' }, /http or https/],
    ['bad account hash', { accountHash: 'a/b' }, /Invalid accountHash/],
  ])('rejects %s', (_name, override, message) => {
    const input = { deliveryUrl: 'https://imagedelivery.net', accountHash: HASH, id: 'abc', variant: 'public', ...override }
    expect(() => buildDeliveryUrl(input as Parameters<typeof buildDeliveryUrl>[0])).toThrow(message)
  })
})

describe('formatFlexibleVariant', () => {
  it('keeps the given order', () => {
    expect(formatFlexibleVariant({ fit: 'cover', width: 400 })).toBe('fit=cover,w=400')
  })
})

describe('joinSrcset', () => {
  const flexible = (width: number) =>
    buildDeliveryUrl({ deliveryUrl: 'https://imagedelivery.net', accountHash: HASH, id: 'abc', variant: { width, fit: 'cover' } })

  it('joins flexible URLs with descriptors', () => {
    const srcset = joinSrcset([
      { url: flexible(400), descriptor: '400w' },
      { url: flexible(800), descriptor: '800w' },
    ])
    expect(srcset).toBe(`https://imagedelivery.net/${HASH}/abc/w=400,fit=cover 400w, https://imagedelivery.net/${HASH}/abc/w=800,fit=cover 800w`)
  })

  it('accepts density descriptors', () => {
    expect(joinSrcset([{ url: 'https://example.invalid/a', descriptor: '1.5x' }])).toBe('https://example.invalid/a 1.5x')
  })

  it.each([
    ['missing descriptor', { url: 'https://example.invalid/a', descriptor: '' }, /descriptor/],
    ['bad descriptor', { url: 'https://example.invalid/a', descriptor: '400px' }, /descriptor/],
    ['zero width', { url: 'https://example.invalid/a', descriptor: '0w' }, /descriptor/],
    ['trailing comma', { url: 'https://example.invalid/a,', descriptor: '1x' }, /Invalid srcset URL/],
    ['whitespace in URL', { url: 'https://example.invalid/a b', descriptor: '1x' }, /Invalid srcset URL/],
  ])('rejects %s', (_name, candidate, message) => {
    expect(() => joinSrcset([candidate])).toThrow(message)
  })
})

describe('parseVariant', () => {
  it.each([
    ['public', 'public'],
    ['thumb_2x-small', 'thumb_2x-small'],
    ['w=400', { w: '400' }],
    ['w=400,fit=cover,q=85', { w: '400', fit: 'cover', q: '85' }],
  ])('parses %s', (text, expected) => {
    expect(parseVariant(text)).toEqual(expected)
  })

  it.each(['', 'thumb.small', 'a/b', 'w=400,', 'w=1=2', ',w=400', 'w=4 00'])('rejects %j', (text) => {
    expect(isVariantText(text)).toBe(false)
    expect(() => parseVariant(text, 'data-cf-variant')).toThrow(/^Invalid data-cf-variant /)
  })

  it('keeps pair order of flexible options', () => {
    const parsed = parseVariant('q=85,w=400')
    expect(Object.keys(parsed)).toEqual(['q', 'w'])
  })
})
