import { afterEach, describe, expect, it } from 'vitest'
import { Readable } from 'node:stream'
import { FormData, request } from 'undici'
import { BMP, GARBAGE, ICO, SVG, api, closeEmulators, emulator, encode, gifWithFrames, heicHeader, png, pngHeader, upload } from './helpers.js'

afterEach(closeEmulators)

describe('upload', () => {
  it('returns the image object', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: await png(), filename: 'hero.png', id: 'site/hero.png', metadata: '{"source":"test"}', creator: 'ci' })

    expect(answer.status).toBe(200)
    expect(answer.json.success).toBe(true)
    expect(answer.json.errors).toEqual([])
    expect(answer.json.result.id).toBe('site/hero.png')
    expect(answer.json.result.filename).toBe('hero.png')
    expect(answer.json.result.requireSignedURLs).toBe(false)
    expect(answer.json.result.meta).toEqual({ source: 'test' })
    expect(answer.json.result.creator).toBe('ci')
    expect(answer.json.result.variants).toEqual([`https://imagedelivery.net/${handle.accountHash}/site/hero.png/public`])
    expect(answer.json.result.uploaded).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })

  it('generates a UUID without id', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: await png() })

    expect(answer.status).toBe(200)
    expect(answer.json.result.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(answer.json.result.meta).toBeUndefined()
  })

  it('writes % as %25 in variant URLs', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: await png(), id: 'a%b/c' })

    expect(answer.json.result.variants[0]).toBe(`https://imagedelivery.net/${handle.accountHash}/a%25b/c/public`)
  })

  it('rejects a duplicate ID without overwriting', async () => {
    const handle = await emulator()
    await upload(handle, { bytes: await png(4, 3), id: 'same', filename: 'first.png' })
    const second = await upload(handle, { bytes: await png(8, 8), id: 'same', filename: 'second.png' })
    const stored = await api(handle, '/images/v1/same')

    expect(second.status).toBe(409)
    expect(second.json.success).toBe(false)
    expect(second.json.result).toBeNull()
    expect(second.json.errors[0].code).toBe(5409)
    expect(stored.json.result.filename).toBe('first.png')
  })

  it('accepts one of two concurrent uploads of an ID', async () => {
    const handle = await emulator()
    const bytes = await png()
    const answers = await Promise.all(Array.from({ length: 8 }, () => upload(handle, { bytes, id: 'raced' })))

    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1)
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(7)
  })

  it('rejects a non-multipart body', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v1', { method: 'POST', headers: { 'content-type': 'image/png' }, body: 'raw bytes' })

    expect(answer.status).toBe(415)
    expect(answer.json.errors[0].code).toBe(5415)
  })

  it('rejects a urlencoded body', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v1', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'url=x' })

    expect(answer.status).toBe(415)
    expect(answer.json.errors[0].code).toBe(5415)
  })

  it('rejects a file over 10 MiB', async () => {
    const handle = await emulator()
    const large = Buffer.concat([await png(), Buffer.alloc(10 * 1024 * 1024)])
    const answer = await upload(handle, { bytes: large, id: 'large' })

    expect(answer.status).toBe(413)
    expect(answer.json.errors[0].code).toBe(5413)
    expect(handle.imageIds()).toEqual([])
  })

  it('accepts a file of exactly 10 MiB', async () => {
    const handle = await emulator()
    const header = await png()
    const exact = Buffer.concat([header, Buffer.alloc(10 * 1024 * 1024 - header.length)])
    const answer = await upload(handle, { bytes: exact, id: 'exact' })

    expect(answer.status).toBe(200)
  })

  it('rejects the url field', async () => {
    const handle = await emulator()
    const form = new FormData()
    form.set('url', 'https://example.invalid/image.png')
    const answer = await api(handle, '/images/v1', { method: 'POST', body: form })

    expect(answer.status).toBe(400)
    expect(answer.json.errors[0].code).toBe(5400)
    expect(answer.json.errors[0].message).toMatch(/url/)
  })

  it('rejects file and url together', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: await png(), url: 'https://example.invalid/a.png' })

    expect(answer.status).toBe(400)
    expect(answer.json.errors[0].message).toMatch(/either file or url/)
  })

  it('accepts a chunked body', async () => {
    const handle = await emulator()
    const boundary = 'chunked-boundary'
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.png"\r\nContent-Type: image/png\r\n\r\n`)
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
    const answer = await request(`${handle.apiUrl}/accounts/${handle.accountId}/images/v1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${handle.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: Readable.from([head, await png(), tail]),
    })
    const json = (await answer.body.json()) as { result: { filename: string } }

    expect(answer.statusCode).toBe(200)
    expect(json.result.filename).toBe('c.png')
  })

  it('rejects a form without file', async () => {
    const handle = await emulator()
    const form = new FormData()
    form.set('id', 'nothing')
    const answer = await api(handle, '/images/v1', { method: 'POST', body: form })

    expect(answer.status).toBe(400)
    expect(answer.json.errors[0].code).toBe(5400)
  })
})

describe('upload custom ID', () => {
  const invalid: Array<[string, string]> = [
    ['leading slash', '/a/b'],
    ['trailing slash', 'a/b/'],
    ['UUID', '0f8fad5b-d9cb-469f-a165-70867728950e'],
    ['1025 characters', 'x'.repeat(1025)],
    ['empty', ''],
  ]

  for (const [name, id] of invalid) {
    it(`rejects ${name}`, async () => {
      const handle = await emulator()
      const answer = await upload(handle, { bytes: await png(), id })

      expect(answer.status).toBe(400)
      expect(answer.json.errors[0].code).toBe(5400)
    })
  }

  it('accepts 1024 characters', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: await png(), id: 'y'.repeat(1024) })

    expect(answer.status).toBe(200)
  })

  it('accepts UTF-8 and slashes', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: await png(), id: 'dossier/été/photo.png' })

    expect(answer.json.result.id).toBe('dossier/été/photo.png')
  })

  it('rejects requireSignedURLs=true', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: await png(), id: 'signed', requireSignedURLs: 'true' })

    expect(answer.status).toBe(400)
    expect(answer.json.errors[0].message).toMatch(/custom ID cannot require signed URLs/)
  })

  it('allows requireSignedURLs without custom ID', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: await png(), requireSignedURLs: 'true' })

    expect(answer.json.result.requireSignedURLs).toBe(true)
  })

  it('rejects a requireSignedURLs that is not a boolean', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: await png(), requireSignedURLs: 'yes' })

    expect(answer.status).toBe(400)
  })
})

describe('upload metadata', () => {
  it('rejects more than 1024 bytes', async () => {
    const handle = await emulator()
    const metadata = JSON.stringify({ text: 'é'.repeat(510) })
    const answer = await upload(handle, { bytes: await png(), metadata })

    expect(Buffer.byteLength(metadata)).toBeGreaterThan(1024)
    expect(answer.status).toBe(400)
    expect(answer.json.errors[0].code).toBe(5400)
  })

  it('accepts exactly 1024 bytes', async () => {
    const handle = await emulator()
    const metadata = JSON.stringify({ text: 'a'.repeat(1024 - '{"text":""}'.length) })
    const answer = await upload(handle, { bytes: await png(), metadata })

    expect(Buffer.byteLength(metadata)).toBe(1024)
    expect(answer.status).toBe(200)
  })

  it('rejects invalid JSON', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: await png(), metadata: '{not json' })

    expect(answer.status).toBe(400)
  })

  it('rejects a JSON array', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: await png(), metadata: '[1,2]' })

    expect(answer.status).toBe(400)
  })

  it('rejects a creator over 1024 characters', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: await png(), creator: 'c'.repeat(1025) })

    expect(answer.status).toBe(400)
  })
})

describe('upload formats', () => {
  const accepted: Array<[string, () => Promise<Buffer> | Buffer]> = [
    ['PNG', () => png()],
    ['JPEG', () => encode('jpeg')],
    ['GIF', () => encode('gif')],
    ['WebP', () => encode('webp')],
    ['SVG', () => SVG],
    ['HEIC', () => heicHeader(40, 30)],
  ]
  for (const [name, make] of accepted) {
    it(`accepts ${name}`, async () => {
      const handle = await emulator()
      const answer = await upload(handle, { bytes: await make(), filename: 'any-name.bin' })

      expect(answer.status).toBe(200)
    })
  }

  const rejected: Array<[string, () => Promise<Buffer> | Buffer]> = [
    ['AVIF', () => encode('avif')],
    ['TIFF', () => encode('tiff')],
    ['BMP', () => BMP],
    ['ICO', () => ICO],
    ['garbage', () => GARBAGE],
    ['a PNG named .png with text inside', () => Buffer.from('not really a png')],
  ]
  for (const [name, make] of rejected) {
    it(`rejects ${name}`, async () => {
      const handle = await emulator()
      const answer = await upload(handle, { bytes: await make(), filename: 'image.png' })

      expect(answer.status).toBe(415)
      expect(answer.json.errors[0].code).toBe(5455)
    })
  }
})

describe('upload dimensions', () => {
  it('rejects a side over 12,000 px', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: pngHeader(12_001, 10) })

    expect(answer.status).toBe(400)
    expect(answer.json.errors[0].code).toBe(5400)
  })

  it('accepts a side of 12,000 px', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: pngHeader(12_000, 10) })

    expect(answer.status).toBe(200)
  })

  it('rejects over 100 megapixels', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: pngHeader(10_000, 10_001) })

    expect(answer.status).toBe(400)
    expect(answer.json.errors[0].message).toMatch(/100010000 pixels/)
  })

  it('accepts 100 megapixels', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: pngHeader(10_000, 10_000) })

    expect(answer.status).toBe(200)
  })

  it('counts every frame of a GIF', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: gifWithFrames(5000, 5000, 5) })

    expect(answer.status).toBe(400)
    expect(answer.json.errors[0].message).toMatch(/over 5 frames/)
  })

  it('accepts a GIF under the frame total', async () => {
    const handle = await emulator()
    const answer = await upload(handle, { bytes: gifWithFrames(5000, 5000, 4) })

    expect(answer.status).toBe(200)
  })
})
