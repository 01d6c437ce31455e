import { unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Manifest, uploadImages } from '../../src/core/index.js'
import { expectUploadFailure as failure, startTestAccount, writeImages, type TestAccount } from './emulator-helpers.js'
import { makePng, tempDirs } from './helpers.js'

const dirs = tempDirs()
let account: TestAccount | undefined
afterEach(async () => {
  await account?.close()
  account = undefined
  await dirs.cleanup()
})

describe('uploadImages source changes', () => {
  it('file changed after hashing fails', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const [changed, steady] = await writeImages(root, [1, 2])
    const manifestPath = join(root, 'manifest.json')
    const replacement = await makePng(99, 8, 8)

    // The plan is emitted after hashing and preflight, before any upload starts, and the callback runs synchronously.
    const error = await failure(
      uploadImages([changed!, steady!], {
        api: account.client(),
        accountId: account.emulator.accountId,
        manifestPath,
        onProgress: (event) => {
          if (event.type === 'planned') writeFileSync(changed!.path!, replacement)
        },
      }),
    )

    expect(error.failures).toHaveLength(1)
    expect(error.failures[0]?.file).toBe(changed!.name)
    expect(error.failures[0]?.code).toBe('SOURCE_CHANGED')
    expect(error.message).toContain(`${changed!.name}: the file changed during the build`)
    expect(error.message).toContain('rerun the build')
    expect(account.emulator.count('upload')).toBe(1)
    const manifest = await Manifest.load(manifestPath, { readOnly: true })
    expect([...manifest.images(account.emulator.accountId).values()].map((entry) => entry.file)).toEqual([steady!.name])
  })

  it('file changed during upload fails', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const [changed] = await writeImages(root, [4])
    const replacement = await makePng(98, 8, 8)
    const client = account.client()
    // Rewrites the file after the uploader checked it and just before the client reads the body.
    const api = new Proxy(client, {
      get(target, property) {
        if (property === 'upload') {
          return (request: Parameters<typeof client.upload>[0]) => {
            writeFileSync(changed!.path!, replacement)
            return target.upload(request)
          }
        }
        const value: unknown = Reflect.get(target, property, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })

    const error = await failure(uploadImages([changed!], { api, accountId: account.emulator.accountId, manifestPath: join(root, 'manifest.json') }))

    expect(error.failures[0]?.code).toBe('SOURCE_CHANGED')
    expect(account.emulator.imageIds()).toEqual([])
  })

  it('vanished file fails with code', async () => {
    account = await startTestAccount()
    const root = await dirs.make()
    const [gone] = await writeImages(root, [3])

    const error = await failure(
      uploadImages([gone!], {
        api: account.client(),
        accountId: account.emulator.accountId,
        manifestPath: join(root, 'manifest.json'),
        onProgress: (event) => {
          if (event.type === 'planned') unlinkSync(gone!.path!)
        },
      }),
    )

    expect(error.failures[0]?.code).toBe('SOURCE_UNREADABLE')
    expect(error.message).toContain(`${gone!.name}: the image file could not be read for upload (ENOENT)`)
    expect(error.message).not.toContain(root)
    expect(account.emulator.count('upload')).toBe(0)
  })
})
