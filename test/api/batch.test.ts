import { afterEach, describe, expect, it } from 'vitest'
import { PNG_1X1, startEmulatorClient, type EmulatorClient } from './helpers.js'

let context: EmulatorClient | undefined

afterEach(async () => {
  await context?.close()
  context = undefined
})

describe('batch client', () => {
  it('uploads through batch host', async () => {
    context = await startEmulatorClient()
    const batch = await context.client.withBatchToken()

    const image = await batch.upload({ file: PNG_1X1, filename: 'dot.png', id: 'batch/dot' })

    expect(image.id).toBe('batch/dot')
    expect(context.emulator.count('upload', { batch: true })).toBe(1)
    expect(context.emulator.count('upload', { batch: false })).toBe(0)
    expect(context.emulator.count('batch-token', { batch: false })).toBe(1)
  })

  it('uses batch paths without account', async () => {
    context = await startEmulatorClient()
    context.emulator.seed([{ id: 'a/b', bytes: PNG_1X1 }])
    const batch = await context.client.withBatchToken()

    await batch.get('a/b')

    const last = context.emulator.requests().at(-1)
    expect(last?.path).toBe('/images/v1/a%2Fb')
    expect(last?.batch).toBe(true)
  })

  it('lists and deletes on batch host', async () => {
    context = await startEmulatorClient()
    context.emulator.seed(Array.from({ length: 12 }, (_, index) => ({ id: `img-${index}` })))
    const batch = await context.client.withBatchToken()

    let count = 0
    for await (const page of batch.list({ perPage: 10 })) {
      count += page.length
    }
    await batch.delete('img-0')

    expect(count).toBe(12)
    expect(context.emulator.count('list-v2', { batch: true })).toBe(2)
    expect(context.emulator.count('delete', { batch: true })).toBe(1)
  })

  it('renews expired token', async () => {
    context = await startEmulatorClient()
    context.emulator.seed([{ id: 'a', bytes: PNG_1X1 }])
    const batch = await context.client.withBatchToken()
    await batch.get('a')

    context.clock.advance(24 * 60 * 60 * 1000)
    await batch.get('a')

    expect(context.emulator.count('batch-token')).toBe(2)
    expect(context.emulator.count('get', { batch: true, status: 200 })).toBe(2)
  })

  it('renews token after 401', async () => {
    context = await startEmulatorClient()
    context.emulator.seed([{ id: 'a', bytes: PNG_1X1 }])
    const batch = await context.client.withBatchToken()
    context.emulator.injectFault({ endpoint: 'get', batch: true, response: { kind: 'status', status: 401 } })

    const image = await batch.get('a')

    expect(image.id).toBe('a')
    expect(context.emulator.count('batch-token')).toBe(2)
    expect(context.emulator.count('get', { batch: true })).toBe(2)
  })

  it('fails after repeated 401', async () => {
    context = await startEmulatorClient()
    context.emulator.seed([{ id: 'a', bytes: PNG_1X1 }])
    const batch = await context.client.withBatchToken()
    context.emulator.injectFault({ endpoint: 'get', batch: true, times: 2, response: { kind: 'status', status: 401 } })

    await expect(batch.get('a')).rejects.toMatchObject({ code: 'CF_IMAGES_UNAUTHORIZED' })
    expect(context.emulator.count('batch-token')).toBe(2)
  })

  it('paces with its own window', async () => {
    context = await startEmulatorClient({}, { rateLimit: { requests: 2, windowMs: 300_000 }, batchRateLimit: { requests: 2, windowMs: 1_000 } })
    context.emulator.seed([{ id: 'a', bytes: PNG_1X1 }])
    const batch = await context.client.withBatchToken()

    await Promise.all([batch.get('a'), batch.get('a'), batch.get('a')])

    // One wait of a second on the batch window; the account window (two requests) was never exhausted.
    expect(context.clock.sleeps).toEqual([1_000])
    expect(context.emulator.count('get', { batch: true })).toBe(3)
  })

  it('delegates account calls to parent', async () => {
    context = await startEmulatorClient()
    const batch = await context.client.withBatchToken()

    const variants = await batch.listVariants()

    expect(variants.public?.id).toBe('public')
    expect(context.emulator.count('variants-list', { batch: false })).toBe(1)
  })
})
