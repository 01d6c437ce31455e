import { describe, expect, it } from 'vitest'
import { type RenderBuiltUrlContext, rendererOf, wrapRenderBuiltUrl } from '../../src/vite/render-built-url.js'

const context: RenderBuiltUrlContext = { type: 'asset', hostId: 'index.html', hostType: 'html', ssr: false }

describe('wrapRenderBuiltUrl', () => {
  it('returns the renderer URL first', () => {
    const wrapped = wrapRenderBuiltUrl(() => 'user', () => 'ours')
    expect(wrapped('a.png', context)).toBe('ours')
  })

  it('delegates when the renderer declines', () => {
    const wrapped = wrapRenderBuiltUrl(() => ({ relative: true }), () => undefined)
    expect(wrapped('a.js', context)).toEqual({ relative: true })
  })

  it('returns undefined without a user function', () => {
    const wrapped = wrapRenderBuiltUrl(undefined, () => undefined)
    expect(wrapped('a.js', context)).toBeUndefined()
  })

  it('does not wrap twice', () => {
    let calls = 0
    const user = () => {
      calls += 1
      return 'user'
    }
    const owner = {}
    const once = wrapRenderBuiltUrl(user, () => undefined, owner)
    const twice = wrapRenderBuiltUrl(once, () => undefined, owner)
    twice('a.js', context)
    expect(calls).toBe(1)
  })

  it('rewrapping leaves the first wrapper unchanged', () => {
    const owner = {}
    const once = wrapRenderBuiltUrl(undefined, () => 'first', owner)
    wrapRenderBuiltUrl(once, () => 'second', owner)
    expect(once('a.png', context)).toBe('first')
  })

  it('rewrapping uses the new renderer', () => {
    const owner = {}
    const once = wrapRenderBuiltUrl(undefined, () => 'first', owner)
    const twice = wrapRenderBuiltUrl(once, () => 'second', owner)
    expect(twice('a.png', context)).toBe('second')
  })

  it('chains the wrapper of another owner', () => {
    const first = wrapRenderBuiltUrl(undefined, (file) => (file === 'a.png' ? 'first' : undefined), {})
    const second = wrapRenderBuiltUrl(first, (file) => (file === 'b.png' ? 'second' : undefined), {})
    expect(second('a.png', context)).toBe('first')
  })
})

describe('rendererOf', () => {
  it('finds the renderer of its owner', () => {
    const owner = {}
    const renderer = () => undefined
    expect(rendererOf(wrapRenderBuiltUrl(undefined, renderer, owner), owner)).toBe(renderer)
  })

  it('ignores another owner', () => {
    expect(rendererOf(wrapRenderBuiltUrl(undefined, () => undefined, {}), {})).toBeUndefined()
  })

  it('ignores a user function', () => {
    expect(rendererOf(() => undefined, {})).toBeUndefined()
  })
})
