import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import cloudflareImages from '../../src/index.js'
import { createProject, emulatorOptions, removeProject, VITE_PACKAGE, writeImages } from './helpers.js'

interface DevServer {
  transformRequest(url: string): Promise<{ code: string } | null>
  close(): Promise<void>
}

let emulator: EmulatorHandle
let root: string
let server: DevServer

beforeAll(async () => {
  emulator = await startEmulator()
  root = await createProject('vite-pair')
  await writeImages(root, ['src/images/first.png', 'src/images/second.png'])
  const { createServer } = (await import(VITE_PACKAGE)) as { createServer: (config: object) => Promise<DevServer> }
  // Middleware mode: the server transforms modules without listening on any port.
  server = await createServer({
    configFile: false,
    root,
    logLevel: 'silent',
    server: { middlewareMode: true, hmr: false, ws: false },
    plugins: [cloudflareImages(emulatorOptions(emulator, { accountHash: emulator.accountHash }))],
  })
})

afterAll(async () => {
  await server?.close()
  await emulator?.close()
  if (root !== undefined) await removeProject(root)
})

describe('dev server', () => {
  it('serves local image URLs', async () => {
    const result = await server.transformRequest('/src/main.js')
    expect(result?.code).toContain('/src/images/second.png')
  })

  it('sends no request', () => {
    expect(emulator.requests()).toEqual([])
  })
})
