import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { createProject, emulatorOptions, removeProject, runBuild, writeImages, type BuildResult } from './helpers.js'

const COUNT = 24

let emulator: EmulatorHandle
let root: string
let result: BuildResult
const consoleCalls: unknown[][] = []

beforeAll(async () => {
  emulator = await startEmulator()
  root = await createProject('vite-many')
  await writeImages(root, Array.from({ length: COUNT }, (_, index) => `src/images/image-${index}.png`))

  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const
  const spies = methods.map((method) => vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleCalls.push(args)))
  try {
    result = await runBuild({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }) })
  } finally {
    for (const spy of spies) spy.mockRestore()
  }
})

afterAll(async () => {
  await emulator?.close()
  if (root !== undefined) await removeProject(root)
})

describe('build output', () => {
  it('logs progress at each quarter', () => {
    const progress = result.logs.info.filter((line) => line.includes('uploading images:'))
    expect(progress).toEqual([
      '[plugin vite-plugin-cloudflare-images] uploading images: 6/24',
      '[plugin vite-plugin-cloudflare-images] uploading images: 12/24',
      '[plugin vite-plugin-cloudflare-images] uploading images: 18/24',
    ])
  })

  it('logs one summary line', () => {
    const summaries = result.logs.info.filter((line) => /\d+ images: /.test(line))
    expect(summaries).toEqual([expect.stringMatching(/^\[plugin vite-plugin-cloudflare-images\] 24 images: 24 uploaded \([\d.]+ kB\), 0 cached, 0 failed in [\d.]+ s$/)])
  })

  it('writes nothing to the console', () => {
    expect(consoleCalls).toEqual([])
  })

  it('never logs the token', () => {
    const all = [...result.logs.info, ...result.logs.warn, ...result.logs.error].join('\n')
    expect(all).not.toContain(emulator.token)
  })
})
