import { afterEach, describe, expect, it } from 'vitest'
import { SVG, api, closeEmulators, emulator, png, upload } from './helpers.js'

afterEach(closeEmulators)

describe('get image', () => {
  it('decodes %2F in the ID', async () => {
    const handle = await emulator()
    await upload(handle, { bytes: await png(), id: 'a/b c.png' })
    const answer = await api(handle, `/images/v1/${encodeURIComponent('a/b c.png')}`)

    expect(answer.status).toBe(200)
    expect(answer.json.result.id).toBe('a/b c.png')
  })

  it('returns 404 with 5404 as JSON', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v1/missing')

    expect(answer.status).toBe(404)
    expect(answer.json.success).toBe(false)
    expect(answer.json.errors[0].code).toBe(5404)
  })

  it('returns 404 as plain text when configured', async () => {
    const handle = await emulator({ plainTextNotFound: true })
    const answer = await api(handle, '/images/v1/missing')

    expect(answer.status).toBe(404)
    expect(answer.headers['content-type']).toMatch(/^text\/plain/)
    expect(answer.headers['cf-images']).toBe('err=5404')
    expect(answer.text).toBe('ERROR 5404: Image not found')
  })

  it('rejects invalid percent-encoding', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v1/bad%E0%A4%A')

    expect(answer.status).toBe(400)
  })
})

describe('delete image', () => {
  it('removes the image', async () => {
    const handle = await emulator()
    await upload(handle, { bytes: await png(), id: 'gone/soon' })
    const answer = await api(handle, `/images/v1/${encodeURIComponent('gone/soon')}`, { method: 'DELETE' })
    const after = await api(handle, `/images/v1/${encodeURIComponent('gone/soon')}`)

    expect(answer.status).toBe(200)
    expect(answer.json.result).toEqual({})
    expect(after.status).toBe(404)
  })

  it('returns 404 for a missing image', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v1/missing', { method: 'DELETE' })

    expect(answer.status).toBe(404)
    expect(answer.json.errors[0].code).toBe(5404)
  })

  it('frees the ID for a new upload', async () => {
    const handle = await emulator()
    await upload(handle, { bytes: await png(), id: 'reused' })
    await api(handle, '/images/v1/reused', { method: 'DELETE' })
    const again = await upload(handle, { bytes: await png(), id: 'reused' })

    expect(again.status).toBe(200)
  })
})

describe('patch image', () => {
  it('replaces metadata', async () => {
    const handle = await emulator()
    await upload(handle, { bytes: await png(), id: 'meta', metadata: '{"a":1,"b":2}' })
    const answer = await api(handle, '/images/v1/meta', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"metadata":{"c":3}}' })

    expect(answer.status).toBe(200)
    expect(answer.json.result.meta).toEqual({ c: 3 })
  })

  it('sets requireSignedURLs on a generated ID', async () => {
    const handle = await emulator()
    const uploaded = await upload(handle, { bytes: await png() })
    const answer = await api(handle, `/images/v1/${uploaded.json.result.id}`, { method: 'PATCH', body: '{"requireSignedURLs":true}' })

    expect(answer.json.result.requireSignedURLs).toBe(true)
  })

  it('rejects requireSignedURLs on a custom ID', async () => {
    const handle = await emulator()
    await upload(handle, { bytes: await png(), id: 'custom' })
    const answer = await api(handle, '/images/v1/custom', { method: 'PATCH', body: '{"requireSignedURLs":true}' })

    expect(answer.status).toBe(400)
  })

  it('rejects metadata over 1024 bytes', async () => {
    const handle = await emulator()
    await upload(handle, { bytes: await png(), id: 'big-meta' })
    const answer = await api(handle, '/images/v1/big-meta', { method: 'PATCH', body: JSON.stringify({ metadata: { text: 'x'.repeat(1100) } }) })

    expect(answer.status).toBe(400)
  })

  it('rejects a body that is not JSON', async () => {
    const handle = await emulator()
    await upload(handle, { bytes: await png(), id: 'plain' })
    const answer = await api(handle, '/images/v1/plain', { method: 'PATCH', body: 'metadata=1' })

    expect(answer.status).toBe(400)
  })

  it('returns 404 for a missing image', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v1/missing', { method: 'PATCH', body: '{}' })

    expect(answer.status).toBe(404)
  })
})

describe('image blob', () => {
  it('returns the original bytes', async () => {
    const handle = await emulator()
    const bytes = await png(7, 5)
    await upload(handle, { bytes, id: 'x/blob.png' })
    const answer = await fetch(`${handle.apiUrl}/accounts/${handle.accountId}/images/v1/${encodeURIComponent('x/blob.png')}/blob`, {
      headers: { authorization: `Bearer ${handle.token}` },
    })

    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await answer.arrayBuffer()).equals(bytes)).toBe(true)
  })

  it('serves SVG as image/svg+xml', async () => {
    const handle = await emulator()
    await upload(handle, { bytes: SVG, id: 'icon.svg', filename: 'icon.svg' })
    const answer = await api(handle, '/images/v1/icon.svg/blob')

    expect(answer.headers['content-type']).toBe('image/svg+xml')
    expect(answer.text).toBe(SVG.toString('utf8'))
  })
})
