import { describe, expect, it } from 'vitest'
import { DEFAULT_ID_PREFIX, contentId, validateIdPrefix } from '../../src/core/index.js'
import { sha256Bytes } from '../../src/core/index.js'

const SHA = sha256Bytes('content id test')
const UUID_WITH_HYPHENS = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const UUID_WITHOUT_HYPHENS = /^[0-9a-f]{32}$/i

describe('contentId', () => {
  it.each([
    { prefix: undefined, expected: `${DEFAULT_ID_PREFIX}${SHA.slice(0, 32)}` },
    { prefix: 'site-a/', expected: `site-a/${SHA.slice(0, 32)}` },
    { prefix: 'v1.', expected: `v1.${SHA.slice(0, 32)}` },
    { prefix: 'a/b_c/', expected: `a/b_c/${SHA.slice(0, 32)}` },
    { prefix: '', expected: SHA.slice(0, 40) },
  ])('prefix $prefix', ({ prefix, expected }) => {
    expect(contentId(SHA, prefix)).toBe(expected)
  })

  it.each(['', 'img/', 'x', 'a/b/'])('never UUID-shaped with prefix %j', (prefix) => {
    const id = contentId(SHA, prefix)
    expect(id).not.toMatch(UUID_WITH_HYPHENS)
    expect(id).not.toMatch(UUID_WITHOUT_HYPHENS)
  })

  it('keeps at least 128 bits', () => {
    const id = contentId(SHA, 'p/')
    expect(id.length - 'p/'.length).toBeGreaterThanOrEqual(32)
  })

  it('uses only safe characters', () => {
    expect(contentId(SHA)).toMatch(/^[A-Za-z0-9._/-]+$/)
  })

  it('never starts or ends with a slash', () => {
    const id = contentId(SHA, 'a/')
    expect(id.startsWith('/')).toBe(false)
    expect(id.endsWith('/')).toBe(false)
  })

  it('differs for different content', () => {
    expect(contentId(sha256Bytes('a'))).not.toBe(contentId(sha256Bytes('b')))
  })

  it('rejects a bad digest', () => {
    expect(() => contentId('abc')).toThrow(/sha256Hex/)
  })
})

describe('validateIdPrefix', () => {
  it.each([
    ['/img/', /must not start with '\/'/],
    ['img//', /empty, '\.' or '\.\.'/],
    ['../', /empty, '\.' or '\.\.'/],
    ['a/./', /empty, '\.' or '\.\.'/],
    ['img ', /only letters/],
    ['img%', /only letters/],
    ['img?', /only letters/],
    ['bild/ä', /only letters/],
    ['x'.repeat(1000), /maximum is 984/],
  ])('rejects %j', (prefix, message) => {
    expect(() => validateIdPrefix(prefix)).toThrow(message)
  })

  it('names idPrefix in the error', () => {
    expect(() => validateIdPrefix('/x')).toThrow(/idPrefix/)
  })

  it('throws a TypeError', () => {
    expect(() => validateIdPrefix(42)).toThrow(TypeError)
  })

  it.each(['', 'img/', 'a.b-c_d/', '..x', 'v2'])('accepts %j', (prefix) => {
    expect(validateIdPrefix(prefix)).toBe(prefix)
  })
})
