import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { createProject, deliveryUrls, emulatorOptions, filesEndingWith, removeProject, runBuild, writeImages, type BuildResult } from './helpers.js'

let emulator: EmulatorHandle
let root: string
let result: BuildResult
let js: string
let css: string

beforeAll(async () => {
  emulator = await startEmulator()
  root = await createProject('vite-lib')
  await writeImages(root, ['src/images/logo.png', 'src/images/badge.png', 'src/images/banner.png'])
  result = await runBuild({
    root,
    plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }),
    config: { build: { lib: { entry: 'src/index.js', formats: ['es'], fileName: 'library' } } },
  })
  js = filesEndingWith(result.files, '.js', '.mjs').map((name) => result.files.get(name)).join('\n')
  css = filesEndingWith(result.files, '.css').map((name) => result.files.get(name)).join('\n')
})

afterAll(async () => {
  await emulator?.close()
  if (root !== undefined) await removeProject(root)
})

describe('library mode', () => {
  it('JS import gets a delivery URL', () => {
    expect(deliveryUrls(js, emulator).filter((url) => url.endsWith('/public'))).toHaveLength(1)
  })

  it('?cf-variant import', () => {
    expect(deliveryUrls(js, emulator).filter((url) => url.endsWith('/thumbnail'))).toHaveLength(1)
  })

  it('?inline stays inline', () => {
    expect(js).toMatch(/"data:image\/png;base64,/)
  })

  it('CSS url() stays inlined by Vite', () => {
    expect(css).toMatch(/url\("?data:image\/png;base64,/)
  })

  it('uploads the imported image once', () => {
    expect(emulator.count('upload')).toBe(1)
  })

  it('leaves no placeholders', () => {
    expect(`${js}\n${css}`).not.toMatch(/__VITE_ASSET__|__VITE_PUBLIC_ASSET__/)
  })
})
