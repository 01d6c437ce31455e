import { afterEach, describe, expect, it } from 'vitest'
import { api, closeEmulators, emulator, png, upload } from './helpers.js'

afterEach(closeEmulators)

const variant = { id: 'thumb', options: { fit: 'cover', width: 200, height: 200, metadata: 'none' }, neverRequireSignedURLs: true }

describe('stats', () => {
  it('counts stored images', async () => {
    const handle = await emulator()
    handle.seed([{ id: 'one' }, { id: 'two' }])
    const answer = await api(handle, '/images/v1/stats')

    expect(answer.json.result).toEqual({ count: { allowed: 100_000, current: 2 } })
  })
})

describe('variants', () => {
  it('lists public by default', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v1/variants')

    expect(Object.keys(answer.json.result.variants)).toEqual(['public'])
    expect(answer.json.result.variants.public.id).toBe('public')
  })

  it('creates a named variant', async () => {
    const handle = await emulator()
    const created = await api(handle, '/images/v1/variants', { method: 'POST', body: JSON.stringify(variant) })
    const listed = await api(handle, '/images/v1/variants')

    expect(created.json.result.variant).toEqual(variant)
    expect(listed.json.result.variants.thumb).toEqual(variant)
  })

  it('adds the variant to image URLs', async () => {
    const handle = await emulator()
    await api(handle, '/images/v1/variants', { method: 'POST', body: JSON.stringify(variant) })
    const uploaded = await upload(handle, { bytes: await png(), id: 'with-thumb' })

    expect(uploaded.json.result.variants).toEqual([
      `https://imagedelivery.net/${handle.accountHash}/with-thumb/public`,
      `https://imagedelivery.net/${handle.accountHash}/with-thumb/thumb`,
    ])
  })

  it('rejects a duplicate name', async () => {
    const handle = await emulator()
    await api(handle, '/images/v1/variants', { method: 'POST', body: JSON.stringify(variant) })
    const again = await api(handle, '/images/v1/variants', { method: 'POST', body: JSON.stringify(variant) })

    expect(again.status).toBe(409)
  })

  it('rejects an unknown fit', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v1/variants', { method: 'POST', body: JSON.stringify({ ...variant, options: { ...variant.options, fit: 'stretch' } }) })

    expect(answer.status).toBe(400)
  })

  it('rejects a name with punctuation', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v1/variants', { method: 'POST', body: JSON.stringify({ ...variant, id: 'a/b' }) })

    expect(answer.status).toBe(400)
  })
})

describe('config', () => {
  it('turns flexible variants on', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v1/config', { method: 'PATCH', body: '{"flexible_variants":true}' })

    expect(answer.json.result).toEqual({ flexible_variants: true })
  })

  it('rejects a non-boolean value', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v1/config', { method: 'PATCH', body: '{"flexible_variants":"yes"}' })

    expect(answer.status).toBe(400)
  })
})

describe('batch token', () => {
  it('returns token and expiry', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v1/batch_token')
    const expiresAt = Date.parse(answer.json.result.expiresAt)

    expect(typeof answer.json.result.token).toBe('string')
    expect(answer.json.result.token.length).toBeGreaterThan(20)
    expect(expiresAt).toBeGreaterThan(Date.now())
  })

  it('returns a new token each time', async () => {
    const handle = await emulator()
    const first = await api(handle, '/images/v1/batch_token')
    const second = await api(handle, '/images/v1/batch_token')

    expect(first.json.result.token).not.toBe(second.json.result.token)
  })
})
