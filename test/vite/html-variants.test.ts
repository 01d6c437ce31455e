import { describe, expect, it } from 'vitest'
import { applyHtmlQueries, applyHtmlVariants, deliveryUrlPattern } from '../../src/vite/html-variants.js'
import { formatVariantSegment, parseVariant, variantFromQuery } from '../../src/vite/variant.js'

const PREFIX = 'https://imagedelivery.net/hash_1/img/'
const ID = '0123456789abcdef0123456789abcdef'
const URL_PUBLIC = `${PREFIX}${ID}/public`
const pattern = () => deliveryUrlPattern(PREFIX)

describe('applyHtmlVariants', () => {
  it('rewrites the element URL', () => {
    const html = `<img data-cf-variant="thumb" src="${URL_PUBLIC}">`
    expect(applyHtmlVariants(html, pattern(), formatVariantSegment)).toBe(`<img src="${PREFIX}${ID}/thumb">`)
  })

  it('applies to descendants', () => {
    const html = `<picture data-cf-variant="w=200"><source srcset="${URL_PUBLIC} 1x, ${URL_PUBLIC} 2x"></picture>`
    expect(applyHtmlVariants(html, pattern(), formatVariantSegment)).toBe(
      `<picture><source srcset="${PREFIX}${ID}/w=200 1x, ${PREFIX}${ID}/w=200 2x"></picture>`,
    )
  })

  it('nearest attribute wins', () => {
    const html = `<div data-cf-variant="a"><img data-cf-variant="b" src="${URL_PUBLIC}"></div>`
    expect(applyHtmlVariants(html, pattern(), formatVariantSegment)).toBe(`<div><img src="${PREFIX}${ID}/b"></div>`)
  })

  it('rewrites inline style', () => {
    const html = `<div data-cf-variant="hero" style="background: url(${URL_PUBLIC})"></div>`
    expect(applyHtmlVariants(html, pattern(), formatVariantSegment)).toBe(`<div style="background: url(${PREFIX}${ID}/hero)"></div>`)
  })

  it('replaces a flexible variant', () => {
    const html = `<img data-cf-variant="thumb" src="${PREFIX}${ID}/w=400,fit=cover">`
    expect(applyHtmlVariants(html, pattern(), formatVariantSegment)).toBe(`<img src="${PREFIX}${ID}/thumb">`)
  })

  it('leaves other URLs alone', () => {
    const html = '<img data-cf-variant="thumb" src="/assets/local.png">'
    expect(applyHtmlVariants(html, pattern(), formatVariantSegment)).toBe('<img src="/assets/local.png">')
  })

  it('returns undefined without the attribute', () => {
    expect(applyHtmlVariants(`<img src="${URL_PUBLIC}">`, pattern(), formatVariantSegment)).toBeUndefined()
  })

  it('keeps the rest byte for byte', () => {
    const html = `<!doctype html>\n<HTML><body  class=x>\n<img   data-cf-variant="t"   src='${URL_PUBLIC}' >\n</body></HTML>`
    expect(applyHtmlVariants(html, pattern(), formatVariantSegment)).toBe(`<!doctype html>\n<HTML><body  class=x>\n<img   src='${PREFIX}${ID}/t' >\n</body></HTML>`)
  })

  it('rejects an invalid variant', () => {
    expect(() => applyHtmlVariants(`<img data-cf-variant="a/b" src="${URL_PUBLIC}">`, pattern(), formatVariantSegment)).toThrow(/Invalid variant "a\/b"/)
  })
})

describe('applyHtmlQueries', () => {
  it('turns the query into the variant', () => {
    const html = `<img src="${URL_PUBLIC}?cf-variant=thumb">`
    expect(applyHtmlQueries(html, pattern(), formatVariantSegment)).toBe(`<img src="${PREFIX}${ID}/thumb">`)
  })

  it('reads an escaped ampersand', () => {
    const html = `<img src="${URL_PUBLIC}?v=3&amp;cf-variant=w=200">`
    expect(applyHtmlQueries(html, pattern(), formatVariantSegment)).toBe(`<img src="${PREFIX}${ID}/w=200">`)
  })

  it('drops a query without cf-variant', () => {
    const html = `<img src="${URL_PUBLIC}?v=3">`
    expect(applyHtmlQueries(html, pattern(), formatVariantSegment)).toBe(`<img src="${URL_PUBLIC}">`)
  })

  it('keeps queries of other URLs', () => {
    const html = `<img src="/a.png?cf-variant=x"><img src="https://example.invalid/a.png?v=3">`
    expect(applyHtmlQueries(html, pattern(), formatVariantSegment)).toBeUndefined()
  })
})

describe('variants', () => {
  it('parses a named variant', () => {
    expect(parseVariant('thumbnail')).toBe('thumbnail')
  })

  it('parses flexible options', () => {
    expect(parseVariant('w=400,fit=cover')).toEqual({ w: '400', fit: 'cover' })
  })

  it('formats flexible options', () => {
    expect(formatVariantSegment('width=400,fit=cover')).toBe('w=400,fit=cover')
  })

  it('reads cf-variant from a query', () => {
    expect(variantFromQuery('?v=3&cf-variant=thumb#x')).toBe('thumb')
  })

  it('ignores a fragment-only tail', () => {
    expect(variantFromQuery('#cf-variant=thumb')).toBeUndefined()
  })
})
