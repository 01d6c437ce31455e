import { describe, expect, it } from 'vitest'
import { startEmulator } from '../../src/emulator/index.js'
import { runCli } from './helpers.js'

describe('cli emulator', () => {
  it('non-loopback host exits 2', async () => {
    const result = await runCli(['emulator', '--port', '0', '--host', '0.0.0.0'])

    expect(result.code).toBe(2)
    expect(result.stderr).toBe('cloudflare-images: Invalid --host "0.0.0.0": the emulator only listens on loopback, so use 127.0.0.1, ::1 or localhost.\n')
  })

  it('invalid account id exits 2', async () => {
    const result = await runCli(['emulator', '--port', '0', '--account-id', 'ABC'])

    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Invalid --account-id "ABC": expected 32 lowercase hexadecimal characters')
  })

  it('invalid account hash exits 2', async () => {
    const result = await runCli(['emulator', '--port', '0', '--account-hash', 'a b'])

    expect(result.code).toBe(2)
    expect(result.stderr).toContain('accountHash')
  })

  it('port in use exits 1', async () => {
    const other = await startEmulator()
    try {
      const port = new URL(other.apiUrl).port
      const result = await runCli(['emulator', '--port', port])

      expect(result.code).toBe(1)
      expect(result.stderr).toBe(`cloudflare-images: Port ${port} on 127.0.0.1 is already in use: stop the other server, pass another --port, or pass --port 0 to pick a free one.\n`)
    } finally {
      await other.close()
    }
  })
})
