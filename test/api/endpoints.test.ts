import { afterEach, describe, expect, it } from 'vitest'
import { encodeImageId } from '../../src/api/index.js'
import { clientFor, envelope, PNG_1X1, rejectionOf, reply, startEmulatorClient, startTestServer, type EmulatorClient, type TestServer } from './helpers.js'

let context: EmulatorClient | undefined
let server: TestServer | undefined

afterEach(async () => {
  await context?.close()
  await server?.close()
  context = undefined
  server = undefined
})

describe('image id encoding', () => {
  it('encodes reserved characters', () => {
    const cases: Array<[string, string]> = [
      ['plain-id_1.png', 'plain-id_1.png'],
      ['a/b/c', 'a%2Fb%2Fc'],
      ['100%', '100%25'],
      ['a b?c#d', 'a%20b%3Fc%23d'],
      ["it's(1)!*", 'it%27s%281%29%21%2A'],
      ['ü', '%C3%BC'],
      ['..', '%2E%2E'],
      ['.', '%2E'],
    ]
    for (const [id, encoded] of cases) {
      expect(encodeImageId(id), id).toBe(encoded)
    }
  })

  it('rejects empty id', () => {
    expect(() => encodeImageId('')).toThrow(/Invalid image id "": expected a non-empty string/)
  })

  it('sends encoded id in path', async () => {
    server = await startTestServer((_request, response) => {
      reply(response, 200, envelope({ id: 'a/b', uploaded: '2026-01-01T00:00:00.000Z', requireSignedURLs: false, variants: [] }), { 'content-type': 'application/json' })
    })

    await clientFor(server).get('a/b c')

    expect(server.received[0]?.url).toBe('/client/v4/accounts/a1b2c3d4e5f60718293a4b5c6d7e8f90/images/v1/a%2Fb%20c')
  })
})

describe('endpoints', () => {
  it('gets image with slash id', async () => {
    context = await startEmulatorClient()
    context.emulator.seed([{ id: 'site/logo.png', bytes: PNG_1X1, filename: 'logo.png' }])

    const image = await context.client.get('site/logo.png')

    expect(image.id).toBe('site/logo.png')
    expect(image.variants[0]).toMatch(/^https:\/\/imagedelivery\.net\/[^/]+\/site\/logo\.png\/public$/)
  })

  it('deletes image', async () => {
    context = await startEmulatorClient()
    context.emulator.seed([{ id: 'gone', bytes: PNG_1X1 }])

    await context.client.delete('gone')

    expect(context.emulator.imageIds()).toEqual([])
  })

  it('reports deleting missing image', async () => {
    context = await startEmulatorClient()

    const error = await rejectionOf(context.client.delete('missing'))

    expect(error.code).toBe('CF_IMAGES_NOT_FOUND')
  })

  it('parses plain-text not found', async () => {
    context = await startEmulatorClient({ plainTextNotFound: true })

    const error = await rejectionOf(context.client.get('missing'))

    expect(error.code).toBe('CF_IMAGES_NOT_FOUND')
    expect(error.cloudflareCodes).toEqual([5404])
  })

  it('reads stats', async () => {
    context = await startEmulatorClient()
    context.emulator.seed([{ id: 'one' }, { id: 'two' }])

    const stats = await context.client.stats()

    expect(stats.count.current).toBe(2)
  })

  it('lists variants by name', async () => {
    context = await startEmulatorClient()

    const variants = await context.client.listVariants()

    expect(variants.public?.id).toBe('public')
  })

  it('creates variant', async () => {
    context = await startEmulatorClient()
    const thumb = { id: 'thumb', options: { fit: 'cover' as const, width: 200, height: 200, metadata: 'none' as const } }

    const created = await context.client.createVariant(thumb)
    const variants = await context.client.listVariants()

    expect(created.id).toBe('thumb')
    expect(variants.thumb?.options.width).toBe(200)
  })

  it('rejects calls after close', async () => {
    context = await startEmulatorClient()
    await context.client.close()

    await expect(context.client.stats()).rejects.toThrow(/client is closed/)
    expect(context.emulator.count('stats')).toBe(0)
  })
})
