import net from 'node:net'
import { createServer } from 'node:http'
import { request } from 'undici'
import { describe, expect, it } from 'vitest'

describe('network guard', () => {
  it('rejects undici request to non-loopback host', async () => {
    await expect(request('https://example.invalid/client/v4')).rejects.toThrow(/Blocked a network request to https:\/\/example\.invalid/)
  })

  it('rejects global fetch to non-loopback host', async () => {
    const error: unknown = await fetch('http://example.invalid/').then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(Error)
    const cause = (error as Error & { cause?: Error }).cause
    expect(String(cause?.message ?? (error as Error).message)).toMatch(/tests may only reach 127\.0\.0\.1/)
  })

  it('rejects raw socket to non-loopback host', () => {
    expect(() => net.connect({ host: 'example.invalid', port: 443 })).toThrow(/Blocked a network request to example\.invalid/)
  })

  it('allows requests to 127.0.0.1', async () => {
    const server = createServer((_req, res) => res.end('loopback'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    try {
      const response = await request(`http://127.0.0.1:${port}/`)
      expect(await response.body.text()).toBe('loopback')
    } finally {
      server.close()
    }
  })
})
