import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CloudflareImagesClient } from '../../src/api/index.js'
import { buildDeliveryUrl, contentId, sha256File, uploadImages, type ManifestEntry } from '../../src/core/index.js'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { rewriteSite, type RewriteOptions } from '../../src/rewrite/index.js'
import { parseVariant } from '../../src/rollup/variant.js'
import { copySite, FIXTURE_SITES, snapshotFolder } from './site-helpers.js'

// The rewrite wired to the real uploader, the real client and the local emulator, as the
// `rewrite` command wires them.

let emulator: EmulatorHandle
let api: CloudflareImagesClient
let site: Awaited<ReturnType<typeof copySite>>

beforeEach(async () => {
  emulator = await startEmulator()
  api = new CloudflareImagesClient({
    accountId: emulator.accountId,
    apiToken: emulator.token,
    apiUrl: emulator.apiUrl,
    batchUrl: emulator.batchUrl,
    retry: { maxRetries: 0 },
  })
  site = await copySite('astro')
})

afterEach(async () => {
  await api.close()
  await emulator.close()
  await site.cleanup()
})

function options(overrides: Partial<RewriteOptions> = {}): RewriteOptions {
  return {
    dir: site.dir,
    upload: async (sources) => {
      const result = await uploadImages(sources, { api, accountId: emulator.accountId, manifestPath: path.join(site.root, 'manifest.json') })
      return new Map<string, ManifestEntry>(result.images.map((image) => [image.sha256, image.entry]))
    },
    deliveryUrlFor: (entry, variant) =>
      buildDeliveryUrl({ deliveryUrl: emulator.deliveryUrl, accountHash: emulator.accountHash, id: entry.id, variant: parseVariant(variant ?? 'public') }),
    ...overrides,
  }
}

async function deliveryUrlOf(image: string): Promise<string> {
  const sha256 = await sha256File(path.join(FIXTURE_SITES, 'astro', image))
  return `${emulator.deliveryUrl}/${emulator.accountHash}/${contentId(sha256)}/public`
}

describe('rewriteSite with the emulator', () => {
  it('uploads each image once', async () => {
    await rewriteSite(options())

    expect(emulator.count('upload')).toBe(9)
    expect(emulator.imageIds().length).toBe(9)
  })

  it('writes delivery URLs the emulator serves', async () => {
    await rewriteSite(options())
    const hero = await deliveryUrlOf('images/hero.png')

    const html = await readFile(path.join(site.dir, 'index.html'), 'utf8')
    const response = await fetch(hero)

    expect(html).toContain(`<img src="${hero}" srcset="${hero} 1x, ${await deliveryUrlOf('images/hero@2x.png')} 2x"`)
    expect(response.status).toBe(200)
  })

  it('makes no request on a second run', async () => {
    await rewriteSite(options())
    const afterFirst = await snapshotFolder(site.dir)
    emulator.resetCounts()

    await rewriteSite(options())

    expect(emulator.requests()).toEqual([])
    expect(await snapshotFolder(site.dir)).toEqual(afterFirst)
  })

  it('writes nothing when uploads fail', async () => {
    const before = await snapshotFolder(site.dir)
    emulator.injectFault({ endpoint: 'upload', times: 100, response: { kind: 'status', status: 500, body: 'html' } })

    await expect(rewriteSite(options({ deleteLocal: true }))).rejects.toMatchObject({ code: 'UPLOAD_FAILED' })
    expect(await snapshotFolder(site.dir)).toEqual(before)
  })
})
