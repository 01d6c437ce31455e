import { describe, expect, it } from 'vitest'
import { BuildState } from '../../src/vite/build-state.js'
import { deliveryUrlFor, deliveryUrlPrefix } from '../../src/vite/image-urls.js'
import { resolveOptions } from '../../src/vite/options.js'

const SHA256 = 'ab'.repeat(32)

function stateWithHash(accountHash: string): BuildState {
  const state = new BuildState()
  state.accountHash = accountHash
  return state
}

describe('deliveryUrlFor', () => {
  it('default delivery host', () => {
    const url = deliveryUrlFor(stateWithHash('hash_1'), resolveOptions({}, {}), SHA256, 'public')
    expect(url).toBe(`https://imagedelivery.net/hash_1/img/${SHA256.slice(0, 32)}/public`)
  })

  it('custom domain and flexible variant', () => {
    const options = resolveOptions({ deliveryUrl: 'https://example.invalid/cdn-cgi/imagedelivery/' }, {})
    const url = deliveryUrlFor(stateWithHash('hash_1'), options, SHA256, 'w=400,fit=cover')
    expect(url).toBe(`https://example.invalid/cdn-cgi/imagedelivery/hash_1/img/${SHA256.slice(0, 32)}/w=400,fit=cover`)
  })

  it('empty prefix uses 40 hex characters', () => {
    const url = deliveryUrlFor(stateWithHash('hash_1'), resolveOptions({ idPrefix: '' }, {}), SHA256, 'public')
    expect(url).toBe(`https://imagedelivery.net/hash_1/${SHA256.slice(0, 40)}/public`)
  })
})

describe('deliveryUrlPrefix', () => {
  it('matches the URL builder', () => {
    const options = resolveOptions({ deliveryUrl: 'https://Example.invalid/cdn-cgi/imagedelivery' }, {})
    const state = stateWithHash('hash_1')
    const prefix = deliveryUrlPrefix(state, options)
    expect(prefix).toBe('https://example.invalid/cdn-cgi/imagedelivery/hash_1/img/')
    expect(deliveryUrlFor(state, options, SHA256, 'public').startsWith(prefix)).toBe(true)
  })
})
