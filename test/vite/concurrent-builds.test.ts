import path from 'node:path'
import type { InlineConfig, Plugin } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import cloudflareImages from '../../src/index.js'
import { createCapturingLogger, createProject, deliveryUrls, emulatorOptions, filesEndingWith, loadBuild, readTree, removeProject, VITE_PACKAGE, writeImages, writeText } from './helpers.js'

// Builds that share one plugin instance and run at the same time. A gate delays the SSR build's
// entry until the client build has closed, so the SSR build renders its URLs after the other
// build ended. In that order a client or state shared by both builds would break the SSR output.

interface Builder {
  environments: Record<string, unknown>
  build(environment: unknown): Promise<unknown>
  buildApp(): Promise<void>
}

interface Gate {
  open: () => void
  opened: Promise<void>
}

function createGate(): Gate {
  let open = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { open, opened }
}

/** Delays the transform of the SSR entry until `gate` opens, in a build or an environment named `ssr`. */
function holdServerEntry(gate: Gate, { environmentOnly = false } = {}): Plugin {
  return {
    name: 'hold-server-entry',
    async transform(_code, id) {
      if (!id.endsWith('entry-server.js')) return null
      if (environmentOnly && this.environment?.name !== 'ssr') return null
      await gate.opened
      return null
    },
  }
}

/** Opens `gate` when the client build (or the environment named `client`) closes. */
function openOnClientClose(gate: Gate, { environmentOnly = false } = {}): Plugin {
  return {
    name: 'open-on-client-close',
    closeBundle() {
      if (environmentOnly && this.environment?.name !== 'client') return
      gate.open()
    },
  }
}

function scripts(files: Map<string, string>): string {
  return filesEndingWith(files, '.js', '.mjs').map((name) => files.get(name)).join('\n')
}

/** Custom image IDs (`img/<hex>`) of the delivery URLs in a text. */
function imageIds(text: string, emulator: EmulatorHandle): string[] {
  const prefix = `${emulator.deliveryUrl}/${emulator.accountHash}/`
  return deliveryUrls(text, emulator).map((url) => url.slice(prefix.length, url.lastIndexOf('/')))
}

const summaryLine = /images?: \d+ uploaded/

let emulator: EmulatorHandle
const roots: string[] = []

async function ssrProject(): Promise<string> {
  const root = await createProject('vite-ssr')
  roots.push(root)
  await writeImages(root, ['src/images/hero.png', 'src/images/server-only.png'])
  return root
}

beforeAll(async () => {
  emulator = await startEmulator()
})

afterAll(async () => {
  await emulator?.close()
  for (const root of roots) await removeProject(root)
})

describe('concurrent build() calls with one plugin', () => {
  let client: Map<string, string>
  let server: Map<string, string>
  let summaries: string[]

  beforeAll(async () => {
    emulator.resetCounts()
    const root = await ssrProject()
    const build = await loadBuild()
    const { logger, logs } = createCapturingLogger()
    const plugin = cloudflareImages(emulatorOptions(emulator, { accountHash: emulator.accountHash }))
    const gate = createGate()
    const common: InlineConfig = { configFile: false, root, logLevel: 'info', customLogger: logger }

    await Promise.all([
      build({ ...common, plugins: [plugin, openOnClientClose(gate)], build: { outDir: path.join(root, 'dist/client') } }),
      build({ ...common, plugins: [plugin, holdServerEntry(gate)], build: { outDir: path.join(root, 'dist/server'), ssr: 'src/entry-server.js' } }),
    ])
    client = await readTree(path.join(root, 'dist/client'))
    server = await readTree(path.join(root, 'dist/server'))
    summaries = logs.info.filter((line) => summaryLine.test(line))
  })

  it('SSR URLs point at uploaded images', () => {
    const ids = imageIds(scripts(server), emulator)
    expect(ids).toHaveLength(2)
    for (const id of ids) expect(emulator.imageIds(), id).toContain(id)
  })

  it('client URL points at an uploaded image', () => {
    const ids = imageIds(scripts(client), emulator)
    expect(ids).toHaveLength(1)
    expect(emulator.imageIds()).toContain(ids[0])
  })

  it('uploads each image once', () => {
    expect(emulator.count('upload')).toBe(2)
  })

  it('logs one summary per build', () => {
    expect(summaries).toHaveLength(2)
  })
})

for (const sharedConfigBuild of [false, true]) {
  describe(`parallel buildApp, sharedConfigBuild ${sharedConfigBuild}`, () => {
    let client: Map<string, string>
    let server: Map<string, string>

    beforeAll(async () => {
      emulator.resetCounts()
      const root = await ssrProject()
      const gate = createGate()
      const { createBuilder } = (await import(VITE_PACKAGE)) as { createBuilder: (config: InlineConfig) => Promise<Builder> }
      const builder = await createBuilder({
        configFile: false,
        root,
        customLogger: createCapturingLogger().logger,
        plugins: [
          cloudflareImages(emulatorOptions(emulator, { accountHash: emulator.accountHash })),
          openOnClientClose(gate, { environmentOnly: true }),
          holdServerEntry(gate, { environmentOnly: true }),
        ],
        builder: {
          sharedConfigBuild,
          buildApp: async (app) => {
            const { client, ssr } = app.environments
            await Promise.all([app.build(client!), app.build(ssr!)])
          },
        },
        environments: {
          client: { build: { outDir: path.join(root, 'dist/client') } },
          ssr: { build: { outDir: path.join(root, 'dist/server'), ssr: 'src/entry-server.js' } },
        },
      })
      await builder.buildApp()
      client = await readTree(path.join(root, 'dist/client'))
      server = await readTree(path.join(root, 'dist/server'))
    })

    it('SSR URLs point at uploaded images', () => {
      const ids = imageIds(scripts(server), emulator)
      expect(ids).toHaveLength(2)
      for (const id of ids) expect(emulator.imageIds(), id).toContain(id)
    })

    it('client URL points at an uploaded image', () => {
      const ids = imageIds(scripts(client), emulator)
      expect(ids).toHaveLength(1)
      expect(emulator.imageIds()).toContain(ids[0])
    })

    it('leaves no images in either output', () => {
      expect(filesEndingWith(client, '.png')).toEqual([])
      expect(filesEndingWith(server, '.png')).toEqual([])
    })
  })
}

describe('configs sharing one experimental object', () => {
  const userRenderBuiltUrl = () => undefined
  const experimental = { renderBuiltUrl: userRenderBuiltUrl }
  const outputs: Array<Map<string, string>> = []

  beforeAll(async () => {
    const build = await loadBuild()
    const projects = await Promise.all(
      ['first', 'second'].map(async (name) => {
        const root = await createProject()
        roots.push(root)
        await writeImages(root, [`src/${name}.png`])
        await writeText(path.join(root, 'src/main.js'), `import image from './${name}.png'\nwindow.image = image\n`)
        await writeText(path.join(root, 'index.html'), '<!doctype html><script type="module" src="./src/main.js"></script>\n')
        return root
      }),
    )

    await Promise.all(
      projects.map((root) =>
        build({
          configFile: false,
          root,
          logLevel: 'silent',
          experimental,
          plugins: [cloudflareImages(emulatorOptions(emulator, { accountHash: emulator.accountHash }))],
          build: { outDir: path.join(root, 'dist') },
        }),
      ),
    )
    for (const root of projects) outputs.push(await readTree(path.join(root, 'dist')))
  })

  it('leaves the user object unchanged', () => {
    expect(experimental.renderBuiltUrl).toBe(userRenderBuiltUrl)
  })

  for (const index of [0, 1]) {
    it(`project ${index + 1} uses a delivery URL`, () => {
      expect(deliveryUrls(scripts(outputs[index]!), emulator)).toHaveLength(1)
    })
  }
})
