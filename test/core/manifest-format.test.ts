import { describe, expect, it } from 'vitest'
import { MANIFEST_VERSION, parseManifest, serializeManifest, sha256Bytes } from '../../src/core/index.js'
import type { ManifestData, ManifestEntry } from '../../src/core/index.js'

const ACCOUNT = '0123456789abcdef0123456789abcdef'

function entry(seed: string): ManifestEntry {
  return { id: `img/${sha256Bytes(seed).slice(0, 32)}`, bytes: 100, width: 4, height: 3, format: 'png', file: `img/${seed}.png`, uploaded: '2026-01-02T03:04:05.678Z' }
}

function data(seeds: string[], accountHash?: string): ManifestData {
  const images = new Map(seeds.map((seed) => [sha256Bytes(seed), entry(seed)] as const))
  return new Map([[ACCOUNT, accountHash === undefined ? { images } : { accountHash, images }]])
}

describe('serializeManifest', () => {
  it('sorts keys at every level', () => {
    const text = serializeManifest(data(['b', 'a', 'c'], 'hash'))
    const parsed = JSON.parse(text) as { accounts: Record<string, { images: Record<string, object> }> }
    const shas = Object.keys(parsed.accounts[ACCOUNT]?.images ?? {})
    expect(shas).toEqual([...shas].sort())
    expect(Object.keys(parsed)).toEqual(['accounts', 'version'])
    expect(Object.keys(parsed.accounts[ACCOUNT] ?? {})).toEqual(['accountHash', 'images'])
    expect(Object.keys(Object.values(parsed.accounts[ACCOUNT]?.images ?? {})[0] ?? {})).toEqual(['bytes', 'file', 'format', 'height', 'id', 'uploaded', 'width'])
  })

  it('indents by two spaces with a final newline', () => {
    const text = serializeManifest(data(['a']))
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.split('\n')[1]).toBe('  "accounts": {')
    expect(text.includes('\r')).toBe(false)
  })

  it('matches JSON.stringify with sorted keys', () => {
    const odd: ManifestEntry = { ...entry('odd'), file: 'img/"quoted" \\ ünïcode\n.png' }
    const manifest: ManifestData = new Map([
      ['ffff0000ffff0000ffff0000ffff0000', { images: new Map() }],
      [ACCOUNT, { accountHash: 'hash', images: new Map([[sha256Bytes('b'), entry('b')], [sha256Bytes('odd'), odd]]) }],
    ])
    const sortKeys = (value: unknown): unknown =>
      typeof value === 'object' && value !== null
        ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]))
        : value
    const plain = {
      version: 1,
      accounts: Object.fromEntries([...manifest].map(([id, account]) => [id, { ...account, images: Object.fromEntries(account.images) }])),
    }
    expect(serializeManifest(manifest)).toBe(`${JSON.stringify(sortKeys(plain), null, 2)}\n`)
  })

  it('writes an empty manifest', () => {
    expect(serializeManifest(new Map())).toBe('{\n  "accounts": {},\n  "version": 1\n}\n')
  })

  it('ignores insertion order', () => {
    expect(serializeManifest(data(['a', 'b', 'c']))).toBe(serializeManifest(data(['c', 'a', 'b'])))
  })

  it('round-trips through parse', () => {
    const text = serializeManifest(data(['a', 'b'], 'hash'))
    const parsed = parseManifest(text)
    if (parsed.status !== 'ok') throw new Error(`unexpected status ${parsed.status}`)
    expect(serializeManifest(parsed.data)).toBe(text)
  })

  it('reads CRLF line endings', () => {
    const text = serializeManifest(data(['a']))
    const parsed = parseManifest(text.replaceAll('\n', '\r\n'))
    if (parsed.status !== 'ok') throw new Error(`unexpected status ${parsed.status}`)
    expect(serializeManifest(parsed.data)).toBe(text)
  })
})

describe('parseManifest', () => {
  it.each([
    ['truncated JSON', '{"accounts": {', 'not valid JSON'],
    ['array', '[]', 'not a JSON object'],
    ['old version', '{"version": 0, "images": {}}', 'format version 0'],
    ['no version', '{"images": {}}', 'format version null'],
    ['no accounts', `{"version": ${MANIFEST_VERSION}}`, 'no "accounts"'],
    ['account without images', `{"version": 1, "accounts": {"${ACCOUNT}": {}}}`, 'no "images"'],
  ])('rejects %s', (_name, text, reason) => {
    const parsed = parseManifest(text)
    expect(parsed.status).toBe('invalid')
    expect(parsed.status === 'invalid' ? parsed.reason : '').toContain(reason)
  })

  it('flags a newer version', () => {
    expect(parseManifest('{"version": 2, "accounts": {}}')).toEqual({ status: 'newer', version: 2 })
  })

  it('drops invalid entries', () => {
    const good = sha256Bytes('good')
    const text = JSON.stringify({
      version: 1,
      accounts: { [ACCOUNT]: { images: { [good]: entry('good'), notasha: entry('x'), [sha256Bytes('bad')]: { id: 'x' } } } },
    })
    const parsed = parseManifest(text)
    if (parsed.status !== 'ok') throw new Error(`unexpected status ${parsed.status}`)
    expect(parsed.droppedEntries).toBe(2)
    expect([...(parsed.data.get(ACCOUNT)?.images.keys() ?? [])]).toEqual([good])
  })
})
