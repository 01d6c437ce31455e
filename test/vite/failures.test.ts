import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { createProject, emulatorOptions, filesEndingWith, removeProject, runBuild, writeImages } from './helpers.js'

const IMAGES = ['src/images/first.png', 'src/images/second.png']

let emulator: EmulatorHandle
let root: string

beforeAll(async () => {
  emulator = await startEmulator()
})

beforeEach(async () => {
  if (root !== undefined) await removeProject(root)
  root = await createProject('vite-pair')
  await writeImages(root, IMAGES)
  emulator.clearFaults()
  emulator.resetCounts()
})

afterAll(async () => {
  await emulator?.close()
  if (root !== undefined) await removeProject(root)
})

interface PluginError extends Error {
  pluginCode?: string
  errors?: PluginError[]
}

/** Runs a build that must fail and returns its error with the plugin's code as `code`. */
async function buildError(options: Parameters<typeof runBuild>[0]): Promise<Error & { code?: string }> {
  try {
    await runBuild(options)
  } catch (error) {
    // Rollup (Vite 7) sets `pluginCode` on the error, and Rolldown (Vite 8) wraps the error in `errors`.
    const thrown = error as PluginError
    const code = thrown.pluginCode ?? thrown.errors?.[0]?.pluginCode
    return Object.assign(new Error(thrown.message), { code })
  }
  throw new Error('expected the build to fail')
}

describe('upload failure', () => {
  it('fails the build naming the file and code', async () => {
    emulator.injectFault({ endpoint: 'upload', times: 1, response: { kind: 'status', status: 403, body: 'json', cfCode: 5403 } })
    const error = await buildError({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash, concurrency: 1 }) })

    expect(error.message).toMatch(/1 of 2 images could not be uploaded/)
    expect(error.message).toMatch(/src\/images\/(first|second)\.png/)
    expect(error.message).toContain('5403')
  })

  it('keeps confirmed uploads in the manifest', async () => {
    emulator.injectFault({ endpoint: 'upload', times: 1, response: { kind: 'status', status: 403, body: 'json', cfCode: 5403 } })
    const error = await buildError({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash, concurrency: 1 }) })

    const failed = error.message.match(/src\/images\/(first|second)\.png/)![0]
    const confirmed = IMAGES.find((name) => name !== failed)!
    const manifest = await readFile(path.join(root, 'cloudflare-images.manifest.json'), 'utf8')
    expect(manifest).toContain(`"file": "${confirmed}"`)
    expect(manifest).not.toContain(`"file": "${failed}"`)
  })

  it('carries a stable code', async () => {
    emulator.injectFault({ endpoint: 'upload', times: 2, response: { kind: 'status', status: 403, body: 'json', cfCode: 5403 } })
    const error = await buildError({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }) })
    expect(error.code).toBe('UPLOAD_FAILED')
  })

  it('never shows the token', async () => {
    emulator.injectFault({ endpoint: 'upload', times: 2, response: { kind: 'status', status: 403, body: 'json', cfCode: 5403 } })
    const error = await buildError({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash }) })
    expect(error.message).not.toContain(emulator.token)
  })
})

describe('missing credentials', () => {
  it('keep-local builds with local files', async () => {
    const result = await runBuild({ root, plugin: { onMissingCredentials: 'keep-local', apiUrl: emulator.apiUrl } })
    expect(filesEndingWith(result.files, '.png')).toHaveLength(2)
    expect(result.files.get('index.html')).toMatch(/<img id="first" src="\/assets\/first-[\w-]+\.png"/)
  })

  it('keep-local warns once', async () => {
    const result = await runBuild({ root, plugin: { onMissingCredentials: 'keep-local' } })
    expect(result.logs.warn.filter((line) => line.includes('Missing accountId and apiToken'))).toHaveLength(1)
  })

  it('keep-local sends no request', async () => {
    await runBuild({ root, plugin: { onMissingCredentials: 'keep-local', apiUrl: emulator.apiUrl } })
    expect(emulator.requests()).toEqual([])
  })

  it('error fails the build', async () => {
    const error = await buildError({ root, plugin: { onMissingCredentials: 'error', accountId: emulator.accountId } })
    expect(error.message).toMatch(/Missing apiToken\. Set CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN/)
    expect(error.code).toBe('CF_IMAGES_MISSING_CREDENTIALS')
  })
})

describe('manifest option', () => {
  it('warns when inside outDir', async () => {
    const result = await runBuild({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash, manifest: 'dist/images.json' }) })
    expect(result.logs.warn.filter((line) => line.includes('The manifest dist/images.json is inside outDir'))).toHaveLength(1)
  })
})

describe('account hash', () => {
  it('is discovered with one list request', async () => {
    emulator.seed([{ id: 'img/seeded' }])
    const result = await runBuild({ root, plugin: emulatorOptions(emulator) })
    expect(emulator.count('list-v2')).toBe(1)
    expect(result.files.get('index.html')).toContain(`/${emulator.accountHash}/img/`)
  })

  it('comes from the manifest next time', async () => {
    emulator.seed([{ id: 'img/seeded' }])
    await runBuild({ root, plugin: emulatorOptions(emulator) })
    emulator.resetCounts()
    await runBuild({ root, plugin: emulatorOptions(emulator) })
    expect(emulator.requests()).toEqual([])
  })

  it('fails on an empty account', async () => {
    const empty = await startEmulator()
    try {
      const error = await buildError({ root, plugin: emulatorOptions(empty) })
      expect(error.message).toMatch(/Could not determine the Cloudflare Images account hash/)
      expect(error.code).toBe('ACCOUNT_HASH_UNKNOWN')
    } finally {
      await empty.close()
    }
  })
})
