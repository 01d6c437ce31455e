import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { createProject, deliveryUrls, emulatorOptions, filesEndingWith, outputText, removeProject, runBuild, writeImages, writeText, type BuildResult } from './helpers.js'

// Relative globs in `include` and `exclude` are resolved against Vite's root. The tests run with
// the repository as the working directory and a project in a temp folder, so a pattern resolved
// against the working directory would match nothing.

let emulator: EmulatorHandle
const roots: string[] = []

beforeAll(async () => {
  emulator = await startEmulator()
})

afterAll(async () => {
  await emulator?.close()
  for (const root of roots) await removeProject(root)
})

async function buildWith(filter: { include?: string; exclude?: string }): Promise<BuildResult> {
  const root = await createProject()
  roots.push(root)
  await writeImages(root, ['src/img/kept/photo.png', 'src/img/excluded/skip.png'])
  await writeText(
    path.join(root, 'src/main.js'),
    "import photo from './img/kept/photo.png'\nimport skip from './img/excluded/skip.png'\nwindow.images = { photo, skip }\n",
  )
  await writeText(path.join(root, 'index.html'), '<!doctype html><script type="module" src="./src/main.js"></script>\n')
  return runBuild({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash, ...filter }) })
}

for (const exclude of ['src/img/excluded/**', './src/img/excluded/**']) {
  describe(`exclude '${exclude}'`, () => {
    let result: BuildResult

    beforeAll(async () => {
      result = await buildWith({ exclude })
    })

    it('keeps the excluded image local', () => {
      expect(filesEndingWith(result.files, '.png').map((name) => path.posix.basename(name))).toEqual([expect.stringMatching(/^skip-[\w-]+\.png$/)])
    })

    it('rewrites the other image', () => {
      expect(deliveryUrls(outputText(result.files), emulator)).toHaveLength(1)
    })
  })
}

describe("include 'src/img/kept/*.png'", () => {
  let result: BuildResult

  beforeAll(async () => {
    result = await buildWith({ include: 'src/img/kept/*.png' })
  })

  it('rewrites the included image', () => {
    expect(deliveryUrls(outputText(result.files), emulator)).toHaveLength(1)
  })

  it('keeps the other image local', () => {
    expect(filesEndingWith(result.files, '.png').map((name) => path.posix.basename(name))).toEqual([expect.stringMatching(/^skip-[\w-]+\.png$/)])
  })
})
