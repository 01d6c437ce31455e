import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sha256Bytes, sha256File } from '../../src/core/index.js'
import { tempDirs } from './helpers.js'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

describe('sha256', () => {
  it('bytes match a known digest', () => {
    // SHA-256 of "abc" from FIPS 180-2, appendix B.1.
    expect(sha256Bytes(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('file matches bytes', async () => {
    const dir = await dirs.make()
    const bytes = new Uint8Array(3 * 1024 * 1024).map((_, index) => index % 251)
    const path = join(dir, 'large.bin')
    await writeFile(path, bytes)
    expect(await sha256File(path)).toBe(sha256Bytes(bytes))
  })

  it('file rejects a missing path', async () => {
    const dir = await dirs.make()
    await expect(sha256File(join(dir, 'missing.png'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
