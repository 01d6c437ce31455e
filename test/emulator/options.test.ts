import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_ACCOUNT_HASH, DEFAULT_ACCOUNT_ID, DEFAULT_TOKEN, startEmulator } from '../../src/emulator/index.js'
import type { EmulatorOptions } from '../../src/emulator/types.js'
import { closeEmulators, emulator } from './helpers.js'

afterEach(closeEmulators)

describe('startEmulator', () => {
  it('listens on 127.0.0.1 by default', async () => {
    const handle = await emulator()

    expect(handle.apiUrl).toBe(`http://127.0.0.1:${handle.port}/client/v4`)
    expect(handle.batchUrl).toBe(`http://127.0.0.1:${handle.port}`)
    expect(handle.deliveryUrl).toBe(`http://127.0.0.1:${handle.port}/cdn-cgi/imagedelivery`)
  })

  it('uses the documented defaults', async () => {
    const handle = await emulator()

    expect(handle.accountId).toBe(DEFAULT_ACCOUNT_ID)
    expect(handle.accountHash).toBe(DEFAULT_ACCOUNT_HASH)
    expect(handle.accountHash).toHaveLength(22)
    expect(handle.token).toBe(DEFAULT_TOKEN)
  })

  it('brackets an IPv6 host', async () => {
    const handle = await emulator({ host: '::1' })

    expect(handle.apiUrl).toBe(`http://[::1]:${handle.port}/client/v4`)
  })

  const invalid: Array<[string, EmulatorOptions]> = [
    ['a non-loopback host', { host: 'example.invalid' }],
    ['a short account ID', { accountId: 'abc' }],
    ['an account hash with /', { accountHash: 'a/b' }],
    ['an empty token', { token: '' }],
    ['a port over 65535', { port: 70000 }],
    ['a rate limit of 0', { rateLimit: { requests: 0, windowSeconds: 60 } }],
    ['a negative latency', { latencyMs: { upload: -1 } }],
  ]
  for (const [name, options] of invalid) {
    it(`rejects ${name}`, async () => {
      await expect(startEmulator(options)).rejects.toThrow(TypeError)
    })
  }

  it('frees the port on close', async () => {
    const first = await startEmulator()
    const port = first.port
    await first.close()
    const second = await emulator({ port })

    expect(second.port).toBe(port)
  })
})
