import { describe, expect, it } from 'vitest'
import { type Bundle, removeUploadedCopies } from '../../src/vite/bundle-cleanup.js'

function bundle(): Bundle {
  return {
    'assets/index.js': { type: 'chunk', fileName: 'assets/index.js', code: 'const a = "https://cdn/x/public"', viteMetadata: { importedAssets: new Set(['assets/a-1.png', 'assets/b-2.png']) } },
    'assets/index.css': { type: 'asset', fileName: 'assets/index.css', source: '.b{background:url(/assets/b-2.png)}' },
    'assets/a-1.png': { type: 'asset', fileName: 'assets/a-1.png', source: new Uint8Array([1]) },
    'assets/b-2.png': { type: 'asset', fileName: 'assets/b-2.png', source: new Uint8Array([2]) },
    'assets/index.js.map': { type: 'asset', fileName: 'assets/index.js.map', source: '{"sources":["a-1.png"]}' },
    '.vite/manifest.json': {
      type: 'asset',
      fileName: '.vite/manifest.json',
      source: JSON.stringify({
        'index.html': { file: 'assets/index.js', assets: ['assets/a-1.png', 'assets/b-2.png'] },
        'src/a.png': { file: 'assets/a-1.png', src: 'src/a.png' },
      }),
    },
  }
}

describe('removeUploadedCopies', () => {
  it('removes an unreferenced copy', () => {
    const output = bundle()
    const { removed } = removeUploadedCopies(output, ['assets/a-1.png'], new Set(['.vite/manifest.json']))
    expect(removed).toEqual(['assets/a-1.png'])
    expect(output['assets/a-1.png']).toBeUndefined()
  })

  it('treats an unlisted manifest as a reference', () => {
    const output = bundle()
    const { kept } = removeUploadedCopies(output, ['assets/a-1.png'], new Set())
    expect(kept.get('assets/a-1.png')).toBe('.vite/manifest.json')
  })

  it('keeps a referenced copy', () => {
    const output = bundle()
    const { kept } = removeUploadedCopies(output, ['assets/b-2.png'], new Set())
    expect(kept.get('assets/b-2.png')).toBe('assets/index.css')
    expect(output['assets/b-2.png']).toBeDefined()
  })

  it('prunes importedAssets', () => {
    const output = bundle()
    removeUploadedCopies(output, ['assets/a-1.png'], new Set(['.vite/manifest.json']))
    expect([...output['assets/index.js']!.viteMetadata!.importedAssets!]).toEqual(['assets/b-2.png'])
  })

  it('prunes a manifest already built', () => {
    const output = bundle()
    removeUploadedCopies(output, ['assets/a-1.png'], new Set(['.vite/manifest.json']))
    const manifest = JSON.parse(output['.vite/manifest.json']!.source as string) as Record<string, { assets?: string[] }>
    expect(manifest['src/a.png']).toBeUndefined()
    expect(manifest['index.html']!.assets).toEqual(['assets/b-2.png'])
  })

  it('prunes an SSR manifest', () => {
    const output: Bundle = {
      'assets/a-1.png': { type: 'asset', fileName: 'assets/a-1.png', source: new Uint8Array([1]) },
      '.vite/ssr-manifest.json': { type: 'asset', fileName: '.vite/ssr-manifest.json', source: JSON.stringify({ 'src/main.js': ['/assets/a-1.png', '/assets/index.js'] }) },
    }
    removeUploadedCopies(output, ['assets/a-1.png'], new Set(['.vite/ssr-manifest.json']))
    expect(JSON.parse(output['.vite/ssr-manifest.json']!.source as string)).toEqual({ 'src/main.js': ['/assets/index.js'] })
  })
})
