import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js'
import { createProject, emulatorOptions, removeProject, runBuild, writeImages } from './helpers.js'

// Percent-encoded public files in `srcset`. Vite 7 does not pass them to `renderBuiltUrl` and
// writes them with the `%` encoded again, so the plugin rewrites them in the built HTML.

let emulator: EmulatorHandle
let root: string
let html: string

function srcsetOf(id: string): string | undefined {
  return html.match(new RegExp(`<img id="${id}" srcset="([^"]+)"`))?.[1]
}

beforeAll(async () => {
  emulator = await startEmulator()
  root = await createProject('vite-public-srcset')
  await writeImages(root, ['public/my photo.png', 'public/100%.png', 'public/skip me.png'])
  const result = await runBuild({ root, plugin: emulatorOptions(emulator, { accountHash: emulator.accountHash, exclude: '**/skip me.png' }) })
  html = result.files.get('index.html')!
})

afterAll(async () => {
  await emulator?.close()
  if (root !== undefined) await removeProject(root)
})

describe('public srcset with percent-encoding', () => {
  const delivery = () => `${emulator.deliveryUrl}/${emulator.accountHash}/img/`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

  it('encoded space', () => {
    expect(srcsetOf('encoded')).toMatch(new RegExp(`^${delivery()}[0-9a-f]{32}/public 2x$`))
  })

  it('variant query', () => {
    expect(srcsetOf('variant')).toMatch(new RegExp(`^${delivery()}[0-9a-f]{32}/thumbnail 2x, `))
  })

  it('remote candidate untouched', () => {
    expect(srcsetOf('variant')).toMatch(/, https:\/\/example\.invalid\/a\.png\?size=1,2 3x$/)
  })

  it('encoded percent sign', () => {
    expect(srcsetOf('percent')).toMatch(new RegExp(`^${delivery()}[0-9a-f]{32}/public 2x$`))
  })

  it('imagesrcset of preload', () => {
    expect(html).toMatch(new RegExp(`imagesrcset="${delivery()}[0-9a-f]{32}/public 1x"`))
  })

  it('excluded file keeps a local URL', () => {
    expect(srcsetOf('excluded')).toMatch(/^\/skip%(25)?20me\.png 2x$/)
  })

  it('uploads two images', () => {
    expect(emulator.count('upload')).toBe(2)
  })
})
