import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { createProject, emulatorOptions, removeProject, runBuild, writeImages, writeText, type BuildResult } from './helpers.js'

// One summary line and each warning once per build, also when the build writes several outputs:
// Vite 8 (Rolldown) calls `buildStart` once per output, Vite 7 once per build.

const PREFIX = '[plugin vite-plugin-cloudflare-images]'
const summaryLine = /^\[plugin vite-plugin-cloudflare-images\] \d+ images?: /

let emulator: EmulatorHandle
const roots: string[] = []

async function project(): Promise<string> {
  const root = await createProject()
  roots.push(root)
  return root
}

/** Two outputs of the same entry, in `dist/a` and `dist/b`. */
function twoOutputs(root: string, input: string) {
  return { build: { rollupOptions: { input: path.join(root, input), output: [{ dir: path.join(root, 'dist/a') }, { dir: path.join(root, 'dist/b') }] } } }
}

beforeAll(async () => {
  emulator = await startEmulator()
})

afterAll(async () => {
  await emulator?.close()
  for (const root of roots) await removeProject(root)
})

describe('two outputs, new image', () => {
  let result: BuildResult

  beforeAll(async () => {
    emulator.resetCounts()
    const root = await project()
    await writeImages(root, ['src/a.png'])
    await writeText(path.join(root, 'src/main.js'), "import a from './a.png'\nwindow.a = a\n")
    result = await runBuild({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }), config: twoOutputs(root, 'src/main.js') })
  })

  it('uploads once', () => {
    expect(emulator.count('upload')).toBe(1)
  })

  it('logs one summary line', () => {
    expect(result.logs.info.filter((line) => summaryLine.test(line))).toHaveLength(1)
  })

  it('summary counts the upload', () => {
    const summary = result.logs.info.find((line) => summaryLine.test(line))
    expect(summary).toMatch(/ 1 image: 1 uploaded \([\d.]+ kB\), 0 cached, 0 failed in /)
  })
})

describe('two outputs without credentials', () => {
  let result: BuildResult

  beforeAll(async () => {
    const root = await project()
    await writeImages(root, ['src/a.png'])
    await writeText(path.join(root, 'src/main.js'), "import a from './a.png'\nwindow.a = a\n")
    result = await runBuild({ root, plugin: { onMissingCredentials: 'keep-local' }, config: twoOutputs(root, 'src/main.js') })
  })

  it('warns once', () => {
    expect(result.logs.warn.filter((line) => line.includes(`${PREFIX} Missing accountId and apiToken`))).toHaveLength(1)
  })

  it('logs no summary', () => {
    expect(result.logs.info.filter((line) => summaryLine.test(line))).toEqual([])
  })
})

describe('two outputs with an SVG sprite', () => {
  let result: BuildResult

  beforeAll(async () => {
    const root = await project()
    await writeImages(root, ['src/a.png'])
    // Over the inline limit, so Vite emits the file instead of inlining it.
    const padding = `<!-- ${'x'.repeat(5000)} -->`
    await writeText(path.join(root, 'src/icons.svg'), `<svg xmlns="http://www.w3.org/2000/svg">${padding}<symbol id="home" viewBox="0 0 10 10"><rect width="10" height="10"/></symbol></svg>`)
    await writeText(path.join(root, 'src/main.js'), 'window.ready = true\n')
    await writeText(
      path.join(root, 'index.html'),
      '<!doctype html><svg><use href="./src/icons.svg#home"></use></svg><img src="./src/a.png"><script type="module" src="./src/main.js"></script>\n',
    )
    result = await runBuild({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }), config: twoOutputs(root, 'index.html') })
  })

  it('warns once about the sprite', () => {
    expect(result.logs.warn.filter((line) => line.includes('src/icons.svg is used with a #fragment'))).toHaveLength(1)
  })

  it('logs one summary line', () => {
    expect(result.logs.info.filter((line) => summaryLine.test(line))).toHaveLength(1)
  })
})

describe('build without images', () => {
  let result: BuildResult

  beforeAll(async () => {
    emulator.resetCounts()
    const root = await project()
    await writeText(path.join(root, 'src/main.js'), 'window.ready = true\n')
    await writeText(path.join(root, 'index.html'), '<!doctype html><script type="module" src="./src/main.js"></script>\n')
    result = await runBuild({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }) })
  })

  it('logs a summary of zero images', () => {
    expect(result.logs.info.filter((line) => summaryLine.test(line))).toEqual([
      expect.stringMatching(/ 0 images: 0 uploaded \(0 B\), 0 cached, 0 failed in [\d.]+ s$/),
    ])
  })

  it('makes no request', () => {
    expect(emulator.requests()).toEqual([])
  })
})
