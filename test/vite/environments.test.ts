import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import cloudflareImages from '../../src/index.js'
import { createCapturingLogger, createProject, deliveryUrls, emulatorOptions, filesEndingWith, readTree, removeProject, VITE_PACKAGE, writeImages } from './helpers.js'

interface Builder {
  buildApp(): Promise<void>
}

let emulator: EmulatorHandle
let root: string
let client: Map<string, string>
let server: Map<string, string>

function scripts(files: Map<string, string>): string {
  return filesEndingWith(files, '.js', '.mjs').map((name) => files.get(name)).join('\n')
}

beforeAll(async () => {
  emulator = await startEmulator()
  root = await createProject('vite-ssr')
  await writeImages(root, ['src/images/hero.png', 'src/images/server-only.png'])

  const { createBuilder } = (await import(VITE_PACKAGE)) as { createBuilder: (config: object) => Promise<Builder> }
  const builder = await createBuilder({
    configFile: false,
    root,
    customLogger: createCapturingLogger().logger,
    plugins: [cloudflareImages(emulatorOptions(emulator, { accountHash: emulator.accountHash }))],
    environments: {
      client: { build: { outDir: path.join(root, 'dist/client') } },
      ssr: { build: { outDir: path.join(root, 'dist/server'), ssr: 'src/entry-server.js' } },
    },
  })
  await builder.buildApp()
  client = await readTree(path.join(root, 'dist/client'))
  server = await readTree(path.join(root, 'dist/server'))
})

afterAll(async () => {
  await emulator?.close()
  if (root !== undefined) await removeProject(root)
})

describe('buildApp with client and SSR environments', () => {
  it('client uses a delivery URL', () => {
    expect(deliveryUrls(scripts(client), emulator)).toHaveLength(1)
  })

  it('SSR uses both delivery URLs', () => {
    expect(deliveryUrls(scripts(server), emulator)).toHaveLength(2)
  })

  it('uploads each image once', () => {
    expect(emulator.count('upload')).toBe(2)
  })

  it('leaves no images in either output', () => {
    expect(filesEndingWith(client, '.png')).toEqual([])
    expect(filesEndingWith(server, '.png')).toEqual([])
  })
})
