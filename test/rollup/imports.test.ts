import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { rollup, type RollupError } from 'rollup'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { contentId, Manifest, sha256Bytes } from '../../src/core/index.js'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import cloudflareImages from '../../src/rollup/index.js'
import { buildFixture, emulatorOptions, FIXTURES, makeTempDir, removeDir, type BuildResult } from './helpers.js'

const IMAGES = path.join(FIXTURES, 'rollup-imports', 'images')

async function idOf(file: string): Promise<string> {
  return contentId(sha256Bytes(await readFile(path.join(IMAGES, file))))
}

describe('rollup imports', () => {
  let emulator: EmulatorHandle
  let dir: string
  let first: BuildResult
  let firstUploads: number
  const outDirs: string[] = []

  function url(id: string): string {
    return `${emulator.deliveryUrl}/${emulator.accountHash}/${id}/public`
  }

  beforeAll(async () => {
    emulator = await startEmulator()
    dir = await makeTempDir()
    first = await buildFixture('rollup-imports', emulatorOptions(emulator, dir))
    outDirs.push(first.outDir)
    firstUploads = emulator.count('upload', { status: 200 })
  })

  afterAll(async () => {
    await emulator.close()
    await removeDir(dir)
    for (const outDir of outDirs) await removeDir(outDir)
  })

  beforeEach(() => {
    emulator.resetCounts()
  })

  it('png import is a delivery URL', async () => {
    expect(first.code).toContain(`var photo = "${url(await idOf('photo.png'))}";`)
  })

  it('uppercase JPG import', async () => {
    expect(first.code).toContain(`var banner = "${url(await idOf('banner.JPG'))}";`)
  })

  it('svg import', async () => {
    expect(first.code).toContain(`var icon = "${url(await idOf('icon.svg'))}";`)
  })

  it('identical bytes share one upload', async () => {
    expect(first.code).toContain(`var photoCopy = "${url(await idOf('photo.png'))}";`)
    expect(firstUploads).toBe(3)
    expect(emulator.imageIds().sort()).toEqual([await idOf('photo.png'), await idOf('banner.JPG'), await idOf('icon.svg')].sort())
  })

  it('tree-shaken import not uploaded', async () => {
    expect(emulator.imageIds()).not.toContain(await idOf('unused.png'))
  })

  it('no local image in output', () => {
    expect(first.files).toEqual(['main.js', 'main.js.map'])
  })

  it('manifest records each upload', async () => {
    const manifest = await Manifest.load(path.join(dir, 'cloudflare-images.manifest.json'), { readOnly: true })
    const ids = [...manifest.images(emulator.accountId).values()].map((entry) => entry.id).sort()

    expect(ids).toEqual([await idOf('photo.png'), await idOf('banner.JPG'), await idOf('icon.svg')].sort())
  })

  it('summary through the logger', () => {
    expect(first.logs).toContainEqual(expect.objectContaining({ level: 'info', message: expect.stringMatching(/^\[plugin cloudflare-images\] 3 images, 3 uploaded \(/) }))
  })

  it('second build uploads nothing', async () => {
    const second = await buildFixture('rollup-imports', emulatorOptions(emulator, dir))
    outDirs.push(second.outDir)

    expect(emulator.count('upload')).toBe(0)
    expect(emulator.requests()).toHaveLength(0)
    expect(second.code).toBe(first.code)
  })

  it('variant option', async () => {
    const result = await buildFixture('rollup-imports', { ...emulatorOptions(emulator, dir), variant: 'w=400,fit=cover' })
    outDirs.push(result.outDir)

    expect(result.code).toContain(`var photo = "${emulator.deliveryUrl}/${emulator.accountHash}/${await idOf('photo.png')}/w=400,fit=cover";`)
  })
})

describe('rollup variant query', () => {
  let emulator: EmulatorHandle
  let dir: string
  let result: BuildResult

  beforeAll(async () => {
    emulator = await startEmulator()
    dir = await makeTempDir()
    result = await buildFixture('rollup-variant', emulatorOptions(emulator, dir))
  })

  afterAll(async () => {
    await emulator.close()
    await removeDir(dir)
    await removeDir(result.outDir)
  })

  it('named variant per import', async () => {
    expect(result.code).toContain(`var thumbnail = "${emulator.deliveryUrl}/${emulator.accountHash}/${await idOf('photo.png')}/thumbnail";`)
  })

  it('flexible variant per import', async () => {
    expect(result.code).toContain(`var cover = "${emulator.deliveryUrl}/${emulator.accountHash}/${await idOf('photo.png')}/w=400,fit=cover";`)
  })

  it('default variant without query', async () => {
    expect(result.code).toContain(`var photo = "${emulator.deliveryUrl}/${emulator.accountHash}/${await idOf('photo.png')}/public";`)
  })

  it('one upload for all variants', () => {
    expect(emulator.count('upload')).toBe(1)
  })

  it('invalid variant fails the build', async () => {
    const fixtureDir = await makeTempDir()
    await writeFile(path.join(fixtureDir, 'main.js'), `import bad from ${JSON.stringify(`${IMAGES}/photo.png?cf-variant=a/b`)}\nexport { bad }\n`)

    const error = await rollup({ input: path.join(fixtureDir, 'main.js'), plugins: [cloudflareImages(emulatorOptions(emulator, dir))] }).catch((caught: unknown) => caught)
    await removeDir(fixtureDir)

    expect((error as RollupError).pluginCode).toBe('CF_IMAGES_INVALID_VARIANT')
    expect((error as RollupError).message).toContain('Invalid ?cf-variant=a/b on the import of')
  })
})
