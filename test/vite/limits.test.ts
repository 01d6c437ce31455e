import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { createProject, emulatorOptions, removeProject, runBuild, writeImages } from './helpers.js'

// The `limits` option reaches the core's preflight: a limit lowered by the user rejects an image
// before any upload request, and the build fails naming the file, the limit and the value.

let emulator: EmulatorHandle
let root: string
let image: Buffer

beforeAll(async () => {
  emulator = await startEmulator()
  root = await createProject('vite-pair')
  const written = await writeImages(root, ['src/images/first.png', 'src/images/second.png'])
  image = written.get('src/images/first.png')!
})

afterAll(async () => {
  await emulator?.close()
  if (root !== undefined) await removeProject(root)
})

describe('limits option', () => {
  it('rejects an image over maxBytes', async () => {
    emulator.resetCounts()
    // Both fixture images are larger than this, so the build fails whichever is checked first.
    const maxBytes = 100

    const failure = await runBuild({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash, limits: { maxBytes } }) }).then(
      () => undefined,
      (error: unknown) => error as Error,
    )

    expect(failure).toBeInstanceOf(Error)
    expect(failure!.message).toContain('src/images/first.png')
    expect(failure!.message).toContain(`${image.length.toLocaleString('en-US')} bytes`)
    expect(failure!.message).toContain('(100 bytes) file size limit')
    expect(emulator.count('upload')).toBe(0)
  })

  it('uploads with the default limits', async () => {
    emulator.resetCounts()

    await runBuild({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }) })

    expect(emulator.count('upload', { status: 200 })).toBe(2)
    const manifest = await readFile(path.join(root, 'cloudflare-images.manifest.json'), 'utf8')
    expect(manifest).toContain('"file": "src/images/first.png"')
  })
})
