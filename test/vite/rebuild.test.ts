import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { createProject, deliveryUrls, emulatorOptions, filesEndingWith, outputText, removeProject, runBuild, writeImages } from './helpers.js'

let emulator: EmulatorHandle
const roots: string[] = []

async function project(fixture: string): Promise<string> {
  const root = await createProject(fixture)
  roots.push(root)
  return root
}

beforeAll(async () => {
  emulator = await startEmulator()
})

afterAll(async () => {
  await emulator?.close()
  for (const root of roots) await removeProject(root)
})

describe('second build', () => {
  let root: string
  let first: Map<string, string>
  let second: Map<string, string>

  beforeAll(async () => {
    root = await project('vite-pair')
    await writeImages(root, ['src/images/first.png', 'src/images/second.png'])
    const plugin = emulatorOptions(emulator, { accountHash: emulator.accountHash })
    first = (await runBuild({ root, plugin })).files
    emulator.resetCounts()
    second = (await runBuild({ root, plugin })).files
  })

  it('makes no upload request', () => {
    expect(emulator.count('upload')).toBe(0)
  })

  it('makes no request at all', () => {
    expect(emulator.requests()).toEqual([])
  })

  it('writes the same files', () => {
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort())
  })

  it('writes byte-identical files', () => {
    for (const [name, text] of first) expect(second.get(name), name).toBe(text)
  })
})

describe('multiple outputs', () => {
  let files: Map<string, string>

  beforeAll(async () => {
    emulator.resetCounts()
    const root = await project('vite-pair')
    await writeImages(root, ['src/images/first.png', 'src/images/second.png'])
    const output = (format: 'es' | 'cjs') => ({
      format,
      entryFileNames: `${format}/[name].js`,
      assetFileNames: `${format}/[name]-[hash][extname]`,
    })
    files = (
      await runBuild({
        root,
        plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }),
        config: { build: { rollupOptions: { input: path.join(root, 'src/main.js'), output: [output('es'), output('cjs')] } } },
      })
    ).files
  })

  it('both outputs use the delivery URL', () => {
    const es = deliveryUrls(files.get('es/main.js') ?? '', emulator)
    const cjs = deliveryUrls(files.get('cjs/main.js') ?? '', emulator)
    expect(es).toHaveLength(1)
    expect(cjs).toEqual(es)
  })

  it('uploads once', () => {
    expect(emulator.count('upload')).toBe(1)
  })

  it('leaves no image in either output', () => {
    expect(filesEndingWith(files, '.png')).toEqual([])
  })
})

describe('local copy still referenced', () => {
  let result: Awaited<ReturnType<typeof runBuild>>

  beforeAll(async () => {
    const root = await project('vite-kept')
    // Over the inline limit, so the reference without a fragment is not inlined.
    const padding = `<!-- ${'x'.repeat(5000)} -->`
    await writeFile(
      path.join(root, 'src/icons.svg'),
      `<svg xmlns="http://www.w3.org/2000/svg">${padding}<symbol id="dot" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></symbol></svg>`,
    )
    result = await runBuild({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }) })
  })

  it('uses the delivery URL without fragment', () => {
    expect(deliveryUrls(outputText(result.files), emulator)).toHaveLength(1)
  })

  it('keeps the fragment reference local', () => {
    expect(outputText(result.files)).toMatch(/url\(\/assets\/icons-[\w-]+\.svg#dot\)/)
  })

  it('keeps the file', () => {
    expect(filesEndingWith(result.files, '.svg')).toHaveLength(1)
  })

  it('warns about the kept file', () => {
    expect(result.logs.warn.filter((line) => /icons-[\w-]+\.svg is on Cloudflare, but .+ still refers to the local file/.test(line))).toHaveLength(1)
  })
})

describe('renderBuiltUrl chaining', () => {
  let html: string
  const seen: string[] = []

  beforeAll(async () => {
    const root = await project('vite-pair')
    await writeImages(root, ['src/images/first.png', 'src/images/second.png'])
    const result = await runBuild({
      root,
      plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash, exclude: /first\.png$/ }),
      config: {
        experimental: {
          renderBuiltUrl(filename) {
            seen.push(filename)
            return `https://static.example.invalid/${filename}`
          },
        },
      },
    })
    html = result.files.get('index.html')!
  })

  it('delegates excluded images', () => {
    expect(html).toMatch(/<img id="first" src="https:\/\/static\.example\.invalid\/assets\/first-[\w-]+\.png"/)
  })

  it('delegates scripts', () => {
    expect(html).toMatch(/src="https:\/\/static\.example\.invalid\/assets\/index-[\w-]+\.js"/)
  })

  it('never asks the user for uploaded images', () => {
    expect(seen.some((filename) => filename.includes('second'))).toBe(false)
  })
})

describe('manifest', () => {
  it('is written outside outDir', async () => {
    const root = await project('vite-pair')
    await writeImages(root, ['src/images/first.png', 'src/images/second.png'])
    await runBuild({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }) })
    const manifest = JSON.parse(await readFile(path.join(root, 'cloudflare-images.manifest.json'), 'utf8')) as {
      accounts: Record<string, { images: Record<string, { file: string }> }>
    }
    const files = Object.values(manifest.accounts[emulator.accountId]!.images).map((entry) => entry.file)
    expect(files.sort()).toEqual(['src/images/first.png', 'src/images/second.png'])
  })
})
