import { afterEach, describe, expect, it } from 'vitest'
import type { CloudflareImage } from '../../src/api/index.js'
import { clientFor, envelope, reply, startEmulatorClient, startTestServer, type EmulatorClient, type TestServer } from './helpers.js'

let context: EmulatorClient | undefined
let server: TestServer | undefined

afterEach(async () => {
  await context?.close()
  await server?.close()
  context = undefined
  server = undefined
})

function seed25(emulator: EmulatorClient['emulator']): string[] {
  const ids = Array.from({ length: 25 }, (_, index) => `img-${String(index).padStart(2, '0')}`)
  emulator.seed(ids.map((id) => ({ id })))
  return ids
}

describe('list', () => {
  it('follows continuation tokens', async () => {
    context = await startEmulatorClient()
    const ids = seed25(context.emulator)

    const pages: CloudflareImage[][] = []
    for await (const page of context.client.list({ perPage: 10 })) {
      pages.push(page)
    }

    expect(pages.map((page) => page.length)).toEqual([10, 10, 5])
    expect(pages.flat().map((image) => image.id).sort()).toEqual(ids)
    expect(context.emulator.count('list-v2')).toBe(3)
  })

  it('returns one page with token', async () => {
    context = await startEmulatorClient()
    seed25(context.emulator)

    const first = await context.client.listPage({ perPage: 10 })
    const second = await context.client.listPage({ perPage: 10, continuationToken: first.continuationToken })

    expect(first.images).toHaveLength(10)
    expect(typeof first.continuationToken).toBe('string')
    expect(second.images.map((image) => image.id)).not.toContain(first.images[0]?.id)
  })

  it('ends with null token', async () => {
    context = await startEmulatorClient()
    seed25(context.emulator)

    const page = await context.client.listPage({ perPage: 100 })

    expect(page.images).toHaveLength(25)
    expect(page.continuationToken).toBeNull()
  })

  it('sends query parameters', async () => {
    server = await startTestServer((_request, response) => {
      reply(response, 200, envelope({ images: [], continuation_token: null }), { 'content-type': 'application/json' })
    })

    await clientFor(server).listPage({ perPage: 50, continuationToken: 'c/1=', sortOrder: 'desc' })

    expect(server.received[0]?.url).toBe('/client/v4/accounts/a1b2c3d4e5f60718293a4b5c6d7e8f90/images/v2?per_page=50&continuation_token=c%2F1%3D&sort_order=desc')
  })

  it('rejects perPage out of range', async () => {
    context = await startEmulatorClient()

    await expect(context.client.listPage({ perPage: 9 })).rejects.toThrow(/Invalid perPage 9: the Images API accepts an integer from 10 to 10000/)
    await expect(context.client.listPage({ perPage: 10_001 })).rejects.toThrow(TypeError)
    await expect(context.client.listPage({ perPage: 12.5 })).rejects.toThrow(TypeError)
    expect(context.emulator.count('list-v2')).toBe(0)
  })

  it('stops on repeated token', async () => {
    server = await startTestServer((_request, response) => {
      reply(response, 200, envelope({ images: [], continuation_token: 'same' }), { 'content-type': 'application/json' })
    })
    const pages: unknown[] = []

    const iterate = async () => {
      for await (const page of clientFor(server as TestServer).list()) {
        pages.push(page)
      }
    }

    await expect(iterate()).rejects.toMatchObject({ code: 'CF_IMAGES_INVALID_RESPONSE' })
    expect(server.received).toHaveLength(2)
  })

  it('rejects page without images', async () => {
    server = await startTestServer((_request, response) => {
      reply(response, 200, envelope({ continuation_token: null }), { 'content-type': 'application/json' })
    })

    await expect(clientFor(server).listPage()).rejects.toMatchObject({ code: 'CF_IMAGES_INVALID_RESPONSE' })
  })
})
