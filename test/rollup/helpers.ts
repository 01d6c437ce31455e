// Real `rollup()` builds of the fixtures under test/fixtures/rollup-*, written to a temp folder.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fg from 'fast-glob'
import { rollup, type OutputOptions, type Plugin, type RollupLog } from 'rollup'
import type { EmulatorHandle } from '../../src/emulator/index.js'
import cloudflareImages, { type RollupCloudflareImagesOptions } from '../../src/rollup/index.js'

export const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url))

export interface BuildResult {
  outDir: string
  /** Files written, relative to `outDir`, sorted. */
  files: string[]
  /** Code of the entry chunk as written. */
  code: string
  logs: Array<{ level: string; message: string; pluginCode?: unknown }>
}

/** Plugin options that point the plugin at an emulator and a manifest in `dir`. */
export function emulatorOptions(emulator: EmulatorHandle, dir: string): RollupCloudflareImagesOptions {
  return {
    accountId: emulator.accountId,
    apiToken: emulator.token,
    apiUrl: emulator.apiUrl,
    deliveryUrl: emulator.deliveryUrl,
    accountHash: emulator.accountHash,
    manifest: path.join(dir, 'cloudflare-images.manifest.json'),
  }
}

/**
 * Creates a test plugin that emits files the way other plugins do: `import x from 'emit:./file'` emits
 * the file as an asset and exports `import.meta.ROLLUP_FILE_URL_<ref>`.
 */
export function emitFilesPlugin(): Plugin {
  return {
    name: 'emit-files',
    resolveId(source, importer) {
      if (!source.startsWith('emit:') || importer === undefined) return null
      return `\0emit:${path.resolve(path.dirname(importer), source.slice('emit:'.length))}`
    },
    async load(id) {
      if (!id.startsWith('\0emit:')) return null
      const file = id.slice('\0emit:'.length)
      const referenceId = this.emitFile({ type: 'asset', name: path.basename(file), source: await readFile(file) })
      return `export default import.meta.ROLLUP_FILE_URL_${referenceId};\n`
    },
  }
}

export async function buildFixture(
  fixture: string,
  options: RollupCloudflareImagesOptions,
  extra: { plugins?: Plugin[]; output?: OutputOptions } = {},
): Promise<BuildResult> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'cf-images-rollup-out-'))
  const logs: BuildResult['logs'] = []
  try {
    const bundle = await rollup({
      input: path.join(FIXTURES, fixture, 'main.js'),
      plugins: [...(extra.plugins ?? []), cloudflareImages(options)],
      onLog: (level: string, log: RollupLog) => {
        logs.push({ level, message: log.message, pluginCode: log.pluginCode })
      },
    })
    try {
      await bundle.write({ dir: outDir, format: 'es', sourcemap: true, ...extra.output })
    } finally {
      await bundle.close()
    }
  } catch (error) {
    await removeDir(outDir)
    throw error
  }

  const files = (await fg('**/*', { cwd: outDir })).sort()
  const code = await readFile(path.join(outDir, 'main.js'), 'utf8')
  return { outDir, files, code, logs }
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

export async function makeTempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'cf-images-rollup-'))
}
