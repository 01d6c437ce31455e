import path from 'node:path'
import type { RollupError } from 'rollup'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Manifest } from '../../src/core/index.js'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { buildFixture, emulatorOptions, makeTempDir, removeDir } from './helpers.js'

describe('rollup upload failure', () => {
  let emulator: EmulatorHandle
  let dir: string

  beforeEach(async () => {
    emulator = await startEmulator()
    dir = await makeTempDir()
  })

  afterEach(async () => {
    await emulator.close()
    await removeDir(dir)
  })

  it('fails naming file and code', async () => {
    emulator.injectFault({ endpoint: 'upload', times: 1, response: { kind: 'status', status: 403, cfCode: 5403 } })

    const error = (await buildFixture('rollup-imports', emulatorOptions(emulator, dir)).catch((caught: unknown) => caught)) as RollupError

    expect(error).toBeInstanceOf(Error)
    expect(error.pluginCode).toBe('CF_IMAGES_UPLOAD_FAILED')
    expect(error.plugin).toBe('cloudflare-images')
    expect(error.message).toContain('5403')
    expect(error.message).toMatch(/images\/(photo|banner|icon)\.(png|JPG|svg)/)
    expect(error.message).not.toContain(emulator.token)
  })

  it('limits option reaches preflight', async () => {
    const options = { ...emulatorOptions(emulator, dir), limits: { maxBytes: 10 } }

    const error = (await buildFixture('rollup-imports', options).catch((caught: unknown) => caught)) as RollupError

    expect(error.pluginCode).toBe('CF_IMAGES_UPLOAD_FAILED')
    expect(error.message).toContain('(10 bytes) file size limit')
    expect(emulator.count('upload')).toBe(0)
  })

  it('manifest keeps confirmed uploads', async () => {
    emulator.injectFault({ endpoint: 'upload', times: 1, response: { kind: 'success-false', cfCode: 5400 } })

    await buildFixture('rollup-imports', emulatorOptions(emulator, dir)).catch(() => undefined)
    const manifest = await Manifest.load(path.join(dir, 'cloudflare-images.manifest.json'), { readOnly: true })

    expect(manifest.images(emulator.accountId).size).toBe(2)
  })

  it('retry build uploads only the failed one', async () => {
    emulator.injectFault({ endpoint: 'upload', times: 1, response: { kind: 'status', status: 403, cfCode: 5403 } })
    await buildFixture('rollup-imports', emulatorOptions(emulator, dir)).catch(() => undefined)
    emulator.resetCounts()

    const result = await buildFixture('rollup-imports', emulatorOptions(emulator, dir))
    await removeDir(result.outDir)

    expect(emulator.count('upload', { status: 200 })).toBe(1)
    expect(emulator.imageIds()).toHaveLength(3)
  })
})
