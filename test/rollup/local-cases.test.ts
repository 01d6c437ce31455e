import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Plugin } from 'rollup'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentId, sha256Bytes } from '../../src/core/index.js'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { buildFixture, emulatorOptions, FIXTURES, makeTempDir, removeDir } from './helpers.js'

const HERO = path.join(FIXTURES, 'rollup-emitted', 'images', 'hero.png')

/** Emits the hero image under a fixed output name, as copy plugins do, and exports its URL. */
function fixedNamePlugin(): Plugin {
  return {
    name: 'fixed-name',
    resolveId(source) {
      return source === 'emit:./images/hero.png' ? '\0fixed-hero' : null
    },
    async load(id) {
      if (id !== '\0fixed-hero') return null
      const referenceId = this.emitFile({ type: 'asset', fileName: 'img/hero.png', source: await readFile(HERO) })
      return `export default import.meta.ROLLUP_FILE_URL_${referenceId};\n`
    },
  }
}

/** Stands in for the fixture's text file import, which these cases do not need. */
function notesStub(): Plugin {
  return {
    name: 'notes-stub',
    resolveId: (source) => (source === 'emit:./notes.txt' ? '\0notes' : null),
    load: (id) => (id === '\0notes' ? 'export default "notes";\n' : null),
  }
}

describe('rollup local and fixed-name cases', () => {
  let emulator: EmulatorHandle
  let dir: string
  const outDirs: string[] = []

  beforeAll(async () => {
    emulator = await startEmulator()
    dir = await makeTempDir()
  })

  afterAll(async () => {
    await emulator.close()
    await removeDir(dir)
    for (const outDir of outDirs) await removeDir(outDir)
  })

  it('avif import stays local', async () => {
    emulator.resetCounts()

    const result = await buildFixture('rollup-avif', emulatorOptions(emulator, dir))
    outDirs.push(result.outDir)

    expect(result.files.filter((file) => file.endsWith('.avif'))).toHaveLength(1)
    expect(result.code).toMatch(/var photo = new URL\('assets\/photo-[\w-]+\.avif', import\.meta\.url\)\.href;/)
    expect(emulator.count('upload')).toBe(0)
    expect(result.logs).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringContaining('accepts AVIF input only on Enterprise plans') }))
  })

  it('avif import uploads with allowAvif', async () => {
    emulator.resetCounts()

    // The emulator, like a plan without AVIF input, rejects the file, which shows that it was sent.
    const options = { ...emulatorOptions(emulator, dir), limits: { allowAvif: true } }
    const error = (await buildFixture('rollup-avif', options).catch((caught: unknown) => caught)) as Error

    expect(error.message).toContain('photo.avif')
    expect(emulator.count('upload')).toBe(1)
  })

  it('fixed fileName emitted image', async () => {
    const heroId = contentId(sha256Bytes(await readFile(HERO)))

    const result = await buildFixture('rollup-emitted', emulatorOptions(emulator, dir), { plugins: [notesStub(), fixedNamePlugin()] })
    outDirs.push(result.outDir)

    expect(result.code).toContain(`var hero = "${emulator.deliveryUrl}/${emulator.accountHash}/${heroId}/public";`)
    expect(result.files).not.toContain('img/hero.png')
    expect(emulator.imageIds()).toContain(heroId)
  })

  it('excluded emitted image stays local', async () => {
    const result = await buildFixture('rollup-emitted', { ...emulatorOptions(emulator, dir), exclude: ['img/**'] }, { plugins: [notesStub(), fixedNamePlugin()] })
    outDirs.push(result.outDir)

    expect(result.files).toContain('img/hero.png')
    expect(result.code).toContain(`var hero = new URL('img/hero.png', import.meta.url).href;`)
  })
})
