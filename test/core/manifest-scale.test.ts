import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Manifest, sha256Bytes } from '../../src/core/index.js'
import { tempDirs } from './helpers.js'

const ACCOUNT = '0123456789abcdef0123456789abcdef'
const ENTRIES = 100_000
const dirs = tempDirs()
afterEach(() => dirs.cleanup())

describe('Manifest at 100,000 entries', () => {
  it('saves, loads and finds every entry', async () => {
    const path = join(await dirs.make(), 'manifest.json')
    const shas = Array.from({ length: ENTRIES }, (_, index) => sha256Bytes(`image-${index}`))

    const written = await Manifest.load(path)
    shas.forEach((sha, index) => {
      written.set(ACCOUNT, sha, { id: `img/${sha.slice(0, 32)}`, bytes: index, width: 1, height: 1, format: 'png', file: `img/${index}.png`, uploaded: '2026-01-01T00:00:00.000Z' })
    })
    await written.close()
    const bytes = await readFile(path, 'utf8')

    const loaded = await Manifest.load(path)
    const found = shas.filter((sha) => loaded.get(ACCOUNT, sha) !== undefined)
    expect(found).toHaveLength(ENTRIES)

    // One more entry rewrites the file; removing it again restores the same bytes.
    const extra = sha256Bytes('extra')
    loaded.set(ACCOUNT, extra, { id: `img/${extra.slice(0, 32)}`, bytes: 1, width: 1, height: 1, format: 'png', file: 'x.png', uploaded: '2026-01-01T00:00:00.000Z' })
    await loaded.flush()
    loaded.delete(ACCOUNT, extra)
    await loaded.close()
    expect(await readFile(path, 'utf8')).toBe(bytes)
  })
})
