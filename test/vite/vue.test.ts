import vue from '@vitejs/plugin-vue'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { createProject, deliveryUrls, emulatorOptions, filesEndingWith, outputText, removeProject, runBuild, writeImages, type BuildResult } from './helpers.js'

let emulator: EmulatorHandle
let root: string
let result: BuildResult

beforeAll(async () => {
  emulator = await startEmulator()
  root = await createProject('vite-vue', { linkNodeModules: true })
  await writeImages(root, ['src/images/logo.png'])
  result = await runBuild({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }), config: { plugins: [vue()] } })
})

afterAll(async () => {
  await emulator?.close()
  if (root !== undefined) await removeProject(root)
})

describe('Vue SFC', () => {
  it('template img src', () => {
    expect(deliveryUrls(outputText(result.files), emulator)).toHaveLength(1)
  })

  it('uploads the image', () => {
    expect(emulator.count('upload')).toBe(1)
  })

  it('leaves no image in dist', () => {
    expect(filesEndingWith(result.files, '.png')).toEqual([])
  })
})
