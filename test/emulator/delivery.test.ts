import { afterEach, describe, expect, it } from 'vitest'
import { SVG, api, closeEmulators, emulator, encode, png, send, upload } from './helpers.js'

afterEach(closeEmulators)

async function deliver(url: string, method = 'GET'): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(url, { method })
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) }
}

describe('delivery', () => {
  it('serves the original bytes', async () => {
    const handle = await emulator()
    const bytes = await png(9, 9)
    await upload(handle, { bytes, id: 'site/photo.png' })
    const answer = await deliver(`${handle.deliveryUrl}/${handle.accountHash}/site/photo.png/public`)

    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe('image/png')
    expect(answer.bytes.equals(bytes)).toBe(true)
  })

  it('sends CORS and cache headers', async () => {
    const handle = await emulator()
    await upload(handle, { bytes: await png(), id: 'cors' })
    const answer = await deliver(`${handle.deliveryUrl}/${handle.accountHash}/cors/public`)

    expect(answer.headers.get('access-control-allow-origin')).toBe('*')
    expect(answer.headers.get('cache-control')).toBe('public, max-age=172800')
  })

  it('sets the content type from the bytes', async () => {
    const handle = await emulator()
    await upload(handle, { bytes: await encode('webp'), id: 'named.jpg', filename: 'named.jpg' })
    const answer = await deliver(`${handle.deliveryUrl}/${handle.accountHash}/named.jpg/public`)

    expect(answer.headers.get('content-type')).toBe('image/webp')
  })

  it('decodes %25 to %', async () => {
    const handle = await emulator()
    await upload(handle, { bytes: await png(), id: '100%/done' })
    const answer = await deliver(`${handle.deliveryUrl}/${handle.accountHash}/100%25/done/public`)

    expect(answer.status).toBe(200)
  })

  it('serves SVG as is for any variant', async () => {
    const handle = await emulator({ flexibleVariants: true })
    await upload(handle, { bytes: SVG, id: 'logo.svg' })
    const answer = await deliver(`${handle.deliveryUrl}/${handle.accountHash}/logo.svg/w=20,h=20`)

    expect(answer.headers.get('content-type')).toBe('image/svg+xml')
    expect(answer.bytes.equals(SVG)).toBe(true)
  })

  it('answers HEAD without a body', async () => {
    const handle = await emulator()
    await upload(handle, { bytes: await png(), id: 'head' })
    const answer = await deliver(`${handle.deliveryUrl}/${handle.accountHash}/head/public`, 'HEAD')

    expect(answer.status).toBe(200)
    expect(answer.bytes.length).toBe(0)
  })

  it('serves a placeholder for seeds without bytes', async () => {
    const handle = await emulator()
    handle.seed([{ id: 'seeded' }])
    const answer = await deliver(`${handle.deliveryUrl}/${handle.accountHash}/seeded/public`)

    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe('image/png')
  })

  it('is counted as delivery', async () => {
    const handle = await emulator()
    handle.seed([{ id: 'counted' }])
    await deliver(`${handle.deliveryUrl}/${handle.accountHash}/counted/public`)

    expect(handle.count('delivery', { status: 200 })).toBe(1)
  })
})

describe('delivery errors', () => {
  it('answers 404 for an unknown image', async () => {
    const handle = await emulator()
    const answer = await send(`${handle.deliveryUrl}/${handle.accountHash}/missing/public`)

    expect(answer.status).toBe(404)
    expect(answer.headers['cf-images']).toBe('err=9431')
    expect(answer.text).toMatch(/^ERROR 9431:/)
  })

  it('answers 404 for an unknown hash', async () => {
    const handle = await emulator()
    handle.seed([{ id: 'known' }])
    const answer = await send(`${handle.deliveryUrl}/otherAccountHash00000/known/public`)

    expect(answer.status).toBe(404)
  })

  it('answers 400 without a variant', async () => {
    const handle = await emulator()
    handle.seed([{ id: 'plain' }])
    const answer = await send(`${handle.deliveryUrl}/${handle.accountHash}/plain`)

    expect(answer.status).toBe(400)
  })

  it('answers 400 without a variant for a slashed ID', async () => {
    const handle = await emulator()
    handle.seed([{ id: 'dir/file.png' }])
    const answer = await send(`${handle.deliveryUrl}/${handle.accountHash}/dir/file.png`)

    expect(answer.status).toBe(400)
  })

  it('answers 404 for an unknown variant', async () => {
    const handle = await emulator()
    handle.seed([{ id: 'img' }])
    const answer = await send(`${handle.deliveryUrl}/${handle.accountHash}/img/huge`)

    expect(answer.status).toBe(404)
  })

  it('answers 403 for a signed-URL image', async () => {
    const handle = await emulator()
    const uploaded = await upload(handle, { bytes: await png(), requireSignedURLs: 'true' })
    const answer = await send(`${handle.deliveryUrl}/${handle.accountHash}/${uploaded.json.result.id}/public`)

    expect(answer.status).toBe(403)
    expect(answer.headers['cf-images']).toBe('err=9425')
  })
})

describe('flexible variants', () => {
  it('answers 403 with 9429 when off', async () => {
    const handle = await emulator()
    handle.seed([{ id: 'flex' }])
    const answer = await send(`${handle.deliveryUrl}/${handle.accountHash}/flex/w=400,h=300`)

    expect(answer.status).toBe(403)
    expect(answer.headers['cf-images']).toBe('err=9429')
  })

  it('serves them when on', async () => {
    const handle = await emulator({ flexibleVariants: true })
    const bytes = await png()
    await upload(handle, { bytes, id: 'flex' })
    const answer = await deliver(`${handle.deliveryUrl}/${handle.accountHash}/flex/w=400,h=300,fit=cover,f=auto,q=85`)

    expect(answer.status).toBe(200)
    expect(answer.bytes.equals(bytes)).toBe(true)
  })

  it('follows PATCH config', async () => {
    const handle = await emulator()
    handle.seed([{ id: 'flex' }])
    await api(handle, '/images/v1/config', { method: 'PATCH', body: '{"flexible_variants":true}' })
    const answer = await send(`${handle.deliveryUrl}/${handle.accountHash}/flex/w=100`)

    expect(answer.status).toBe(200)
  })

  it('rejects a malformed option list', async () => {
    const handle = await emulator({ flexibleVariants: true })
    handle.seed([{ id: 'flex' }])
    const answer = await send(`${handle.deliveryUrl}/${handle.accountHash}/flex/w=400,,h`)

    expect(answer.status).toBe(400)
  })
})
