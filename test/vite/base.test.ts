import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { createProject, emulatorOptions, filesEndingWith, removeProject, runBuild, writeImages, type BuildResult } from './helpers.js'

let emulator: EmulatorHandle
let root: string

beforeAll(async () => {
  emulator = await startEmulator()
  root = await createProject('vite-base')
  await writeImages(root, ['src/images/uploaded.png', 'src/images/excluded.png'])
})

afterAll(async () => {
  await emulator?.close()
  if (root !== undefined) await removeProject(root)
})

function srcOf(html: string | undefined, id: string): string | undefined {
  return html?.match(new RegExp(`<img id="${id}" src="([^"]+)"`))?.[1]
}

async function buildWithBase(base: string): Promise<BuildResult> {
  return runBuild({
    root,
    plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash, exclude: /excluded\.png$/ }),
    config: {
      base,
      build: { rollupOptions: { input: { main: path.join(root, 'index.html'), nested: path.join(root, 'nested/page.html') } } },
    },
  })
}

function entryScript(result: BuildResult): string {
  return filesEndingWith(result.files, '.js').map((name) => result.files.get(name)).join('\n')
}

describe("base '/docs/'", () => {
  let result: BuildResult
  beforeAll(async () => {
    result = await buildWithBase('/docs/')
  })

  it('uploaded image is absolute', () => {
    expect(srcOf(result.files.get('index.html'), 'uploaded')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cdn-cgi\/imagedelivery\/.+\/public$/)
  })

  it('excluded image keeps the base', () => {
    expect(srcOf(result.files.get('index.html'), 'excluded')).toMatch(/^\/docs\/assets\/excluded-[\w-]+\.png$/)
  })

  it('excluded image in a nested page', () => {
    expect(srcOf(result.files.get('nested/page.html'), 'excluded')).toMatch(/^\/docs\/assets\/excluded-[\w-]+\.png$/)
  })

  it('excluded image stays in dist', () => {
    expect(filesEndingWith(result.files, '.png')).toEqual([expect.stringMatching(/^assets\/excluded-[\w-]+\.png$/)])
  })
})

describe("base './'", () => {
  let result: BuildResult
  beforeAll(async () => {
    result = await buildWithBase('./')
  })

  it('uploaded image is absolute', () => {
    expect(srcOf(result.files.get('index.html'), 'uploaded')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cdn-cgi\/imagedelivery\/.+\/public$/)
  })

  it('uploaded image is absolute in JS', () => {
    expect(entryScript(result)).toContain(srcOf(result.files.get('index.html'), 'uploaded'))
  })

  it('excluded image is relative', () => {
    expect(srcOf(result.files.get('index.html'), 'excluded')).toMatch(/^\.\/assets\/excluded-[\w-]+\.png$/)
  })

  it('excluded image relative from a nested page', () => {
    expect(srcOf(result.files.get('nested/page.html'), 'excluded')).toMatch(/^\.\.\/assets\/excluded-[\w-]+\.png$/)
  })

  it('excluded image relative in JS', () => {
    expect(entryScript(result)).toMatch(/new URL\(`excluded-[\w-]+\.png`|"excluded-[\w-]+\.png"|'excluded-[\w-]+\.png'/)
  })
})
