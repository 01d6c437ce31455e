import { describe, expect, it } from 'vitest'
import { rewriteDoubleEncodedSrcset } from '../../src/vite/encoded-srcset.js'

const render = (url: string) => (url.startsWith('/my%20photo.png') ? `https://cdn.example.invalid${url}` : undefined)

describe('rewriteDoubleEncodedSrcset', () => {
  it('decodes once before the lookup', () => {
    const html = '<img srcset="/my%2520photo.png 2x">'
    expect(rewriteDoubleEncodedSrcset(html, render)).toBe('<img srcset="https://cdn.example.invalid/my%20photo.png 2x">')
  })

  it('rewrites imagesrcset', () => {
    const html = '<link rel="preload" as="image" imagesrcset="/my%2520photo.png 1x">'
    expect(rewriteDoubleEncodedSrcset(html, render)).toBe('<link rel="preload" as="image" imagesrcset="https://cdn.example.invalid/my%20photo.png 1x">')
  })

  it('keeps other candidates', () => {
    const html = '<img srcset="/a.png 1x, /my%2520photo.png 2x, https://example.invalid/b%2520c.png?x=1,2 3x">'
    expect(rewriteDoubleEncodedSrcset(html, render)).toBe('<img srcset="/a.png 1x, https://cdn.example.invalid/my%20photo.png 2x, https://example.invalid/b%2520c.png?x=1,2 3x">')
  })

  it('keeps a URL the renderer declines', () => {
    expect(rewriteDoubleEncodedSrcset('<img srcset="/other%2520name.png 2x">', render)).toBeUndefined()
  })

  it('ignores src attributes', () => {
    expect(rewriteDoubleEncodedSrcset('<img src="/my%2520photo.png">', render)).toBeUndefined()
  })

  it('ignores protocol-relative URLs', () => {
    expect(rewriteDoubleEncodedSrcset('<img srcset="//my%2520photo.png 2x">', render)).toBeUndefined()
  })

  it('rewrites inside template', () => {
    const html = '<template><img srcset="/my%2520photo.png 2x"></template>'
    expect(rewriteDoubleEncodedSrcset(html, render)).toBe('<template><img srcset="https://cdn.example.invalid/my%20photo.png 2x"></template>')
  })

  it('leaves the rest byte for byte', () => {
    const html = '<!DOCTYPE html>\n<IMG  SRCSET = \'/my%2520photo.png 2x\' alt=x>\n<p>%25</p>'
    expect(rewriteDoubleEncodedSrcset(html, render)).toBe('<!DOCTYPE html>\n<IMG  SRCSET = \'https://cdn.example.invalid/my%20photo.png 2x\' alt=x>\n<p>%25</p>')
  })
})
