import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../../src/emulator/index.js'
import { api, closeEmulators, emulator, png, send, upload } from './helpers.js'

let dir: string

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-dir-'))
})

afterEach(async () => {
  await closeEmulators()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('dir store', () => {
  it('keeps images across a restart', async () => {
    const bytes = await png(6, 6)
    const first = await startEmulator({ dir })
    await upload(first, { bytes, id: 'kept/one.png', metadata: '{"n":1}' })
    await first.close()

    const second = await emulator({ dir })
    const details = await api(second, `/images/v1/${encodeURIComponent('kept/one.png')}`)
    const delivered = await fetch(`${second.deliveryUrl}/${second.accountHash}/kept/one.png/public`)

    expect(details.json.result.meta).toEqual({ n: 1 })
    expect(Buffer.from(await delivered.arrayBuffer()).equals(bytes)).toBe(true)
  })

  it('keeps deletes across a restart', async () => {
    const first = await startEmulator({ dir })
    await upload(first, { bytes: await png(), id: 'stays' })
    await upload(first, { bytes: await png(), id: 'goes' })
    await api(first, '/images/v1/goes', { method: 'DELETE' })
    await first.close()

    const second = await emulator({ dir })

    expect(second.imageIds()).toEqual(['stays'])
  })

  it('keeps patches across a restart', async () => {
    const first = await startEmulator({ dir })
    await upload(first, { bytes: await png(), id: 'patched', metadata: '{"v":1}' })
    await api(first, '/images/v1/patched', { method: 'PATCH', body: '{"metadata":{"v":2}}' })
    await first.close()

    const second = await emulator({ dir })
    const details = await api(second, '/images/v1/patched')

    expect(details.json.result.meta).toEqual({ v: 2 })
  })

  it('keeps variants and config', async () => {
    const first = await startEmulator({ dir })
    const variant = { id: 'card', options: { fit: 'pad', width: 300, height: 200, metadata: 'keep' } }
    await api(first, '/images/v1/variants', { method: 'POST', body: JSON.stringify(variant) })
    await api(first, '/images/v1/config', { method: 'PATCH', body: '{"flexible_variants":true}' })
    await first.close()

    const second = await emulator({ dir })
    second.seed([{ id: 'flex' }])
    const variants = await api(second, '/images/v1/variants')
    const flexible = await send(`${second.deliveryUrl}/${second.accountHash}/flex/w=10`)

    expect(Object.keys(variants.json.result.variants).sort()).toEqual(['card', 'public'])
    expect(flexible.status).toBe(200)
  })

  it('keeps seeded images', async () => {
    const first = await startEmulator({ dir })
    first.seed(Array.from({ length: 50 }, (_, index) => ({ id: `seed-${index}`, bytes: index === 0 ? new Uint8Array([1, 2, 3]) : undefined })))
    await first.close()

    const second = await emulator({ dir })
    const blob = await api(second, '/images/v1/seed-0/blob')

    expect(second.imageIds()).toHaveLength(50)
    expect(Buffer.from(blob.text, 'latin1').equals(Buffer.from([1, 2, 3]))).toBe(true)
  })

  it('rejects a duplicate after a restart', async () => {
    const first = await startEmulator({ dir })
    await upload(first, { bytes: await png(), id: 'once' })
    await first.close()

    const second = await emulator({ dir })
    const again = await upload(second, { bytes: await png(), id: 'once' })

    expect(again.status).toBe(409)
  })

  it('skips a torn last log line', async () => {
    const first = await startEmulator({ dir })
    await upload(first, { bytes: await png(), id: 'whole' })
    await first.close()
    fs.appendFileSync(path.join(dir, 'images.jsonl'), '{"op":"put","image":{"id":"tor')
    const warnings: string[] = []
    const logger = { info: () => {}, warn: (message: string) => warnings.push(message), error: () => {} }

    const second = await emulator({ dir, logger })

    expect(second.imageIds()).toEqual(['whole'])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/Skipped 1 unreadable line/)
  })

  it('keeps bytes on disk, not in the log', async () => {
    const handle = await emulator({ dir })
    const bytes = await png(50, 50)
    await upload(handle, { bytes, id: 'on-disk' })
    const log = fs.readFileSync(path.join(dir, 'images.jsonl'), 'utf8')

    expect(log.length).toBeLessThan(bytes.length + 400)
    expect(fs.readdirSync(path.join(dir, 'blobs'))).toHaveLength(1)
  })
})
