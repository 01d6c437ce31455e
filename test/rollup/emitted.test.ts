import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Plugin } from 'rollup'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { contentId, sha256Bytes } from '../../src/core/index.js'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { buildFixture, emitFilesPlugin, emulatorOptions, FIXTURES, makeTempDir, removeDir, type BuildResult } from './helpers.js'

const HERO = path.join(FIXTURES, 'rollup-emitted', 'images', 'hero.png')

/** Emits an HTML page that names the hero image by its output file name, as an HTML plugin would. */
function htmlPagePlugin(): Plugin {
  return {
    name: 'html-page',
    generateBundle(_options, bundle) {
      const hero = Object.keys(bundle).find((fileName) => fileName.endsWith('.png'))
      this.emitFile({ type: 'asset', fileName: 'index.html', source: `<img src="${hero}">\n` })
    },
  }
}

describe('rollup emitted files', () => {
  let emulator: EmulatorHandle
  let dir: string
  let first: BuildResult
  let heroId: string
  const outDirs: string[] = []

  beforeAll(async () => {
    emulator = await startEmulator()
    dir = await makeTempDir()
    heroId = contentId(sha256Bytes(await readFile(HERO)))
    first = await buildFixture('rollup-emitted', emulatorOptions(emulator, dir), { plugins: [emitFilesPlugin()] })
    outDirs.push(first.outDir)
  })

  afterAll(async () => {
    await emulator.close()
    await removeDir(dir)
    for (const outDir of outDirs) await removeDir(outDir)
  })

  beforeEach(() => {
    emulator.resetCounts()
  })

  it('file URL is the delivery URL', () => {
    expect(first.code).toContain(`var hero = "${emulator.deliveryUrl}/${emulator.accountHash}/${heroId}/public";`)
  })

  it('image uploaded under its content ID', () => {
    expect(emulator.imageIds()).toEqual([heroId])
  })

  it('no placeholder left', () => {
    expect(first.code.match(/img\/[0-9a-f]{32}/g)).toEqual([heroId])
  })

  it('local copy removed, other file kept', () => {
    expect(first.files).toEqual(['assets/notes-DGYGg5HN.txt', 'main.js', 'main.js.map'])
  })

  it('other file keeps its relative URL', () => {
    expect(first.code).toContain(`var notes = new URL('assets/notes-DGYGg5HN.txt', import.meta.url).href;`)
  })

  it('second build uploads nothing', async () => {
    const second = await buildFixture('rollup-emitted', emulatorOptions(emulator, dir), { plugins: [emitFilesPlugin()] })
    outDirs.push(second.outDir)

    expect(emulator.count('upload')).toBe(0)
    expect(second.code).toBe(first.code)
  })

  it('named by another file, kept with a warning', async () => {
    const result = await buildFixture('rollup-emitted', emulatorOptions(emulator, dir), { plugins: [emitFilesPlugin(), htmlPagePlugin()] })
    outDirs.push(result.outDir)
    const hero = result.files.find((file) => file.endsWith('.png'))

    expect(hero).toMatch(/^assets\/hero-[\w-]+\.png$/)
    expect(result.logs).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringContaining(`Kept the local copy of ${hero}`) }))
    expect(result.code).toContain(heroId)
  })
})
