import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { createProject, deliveryUrls, emulatorOptions, filesEndingWith, removeProject, runBuild, writeImages, type BuildResult } from './helpers.js'

let emulator: EmulatorHandle
let root: string
let client: BuildResult
let server: BuildResult

function scripts(result: BuildResult): string {
  return filesEndingWith(result.files, '.js', '.mjs').map((name) => result.files.get(name)).join('\n')
}

beforeAll(async () => {
  emulator = await startEmulator()
  root = await createProject('vite-ssr')
  await writeImages(root, ['src/images/hero.png', 'src/images/server-only.png'])
  const plugin = emulatorOptions(emulator, { accountHash: emulator.accountHash })

  client = await runBuild({ root, plugin, outDir: path.join(root, 'dist/client'), config: { build: { ssrManifest: true, manifest: true } } })
  server = await runBuild({ root, plugin, outDir: path.join(root, 'dist/server'), config: { build: { ssr: 'src/entry-server.js' } } })
})

afterAll(async () => {
  await emulator?.close()
  if (root !== undefined) await removeProject(root)
})

describe('SSR and client builds', () => {
  it('client uses a delivery URL', () => {
    expect(deliveryUrls(scripts(client), emulator)).toHaveLength(1)
  })

  it('SSR and client share the URL', () => {
    const [clientUrl] = deliveryUrls(scripts(client), emulator)
    expect(deliveryUrls(scripts(server), emulator)).toContain(clientUrl)
  })

  it('uploads the SSR-only image', () => {
    expect(deliveryUrls(scripts(server), emulator)).toHaveLength(2)
    expect(emulator.imageIds()).toHaveLength(2)
  })

  it('uploads the shared image once', () => {
    expect(emulator.count('upload')).toBe(2)
  })

  it('SSR manifest lists no removed file', () => {
    const manifest = JSON.parse(client.files.get('.vite/ssr-manifest.json')!) as Record<string, string[]>
    for (const file of Object.values(manifest).flat()) expect(client.files.has(file.replace(/^\//, ''))).toBe(true)
  })

  it('client manifest lists no removed file', () => {
    const manifest = JSON.parse(client.files.get('.vite/manifest.json')!) as Record<string, { file: string; assets?: string[] }>
    const listed = Object.values(manifest).flatMap((entry) => [entry.file, ...(entry.assets ?? [])])
    expect(listed.length).toBeGreaterThan(0)
    for (const file of listed) expect(client.files.has(file)).toBe(true)
  })

  it('leaves no images in either output', () => {
    expect(filesEndingWith(client.files, '.png')).toEqual([])
    expect(filesEndingWith(server.files, '.png')).toEqual([])
  })
})
