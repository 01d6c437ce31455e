import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_ACCOUNT_ID } from '../../src/emulator/index.js'
import { closeEmulators, emulator, send } from './helpers.js'

afterEach(closeEmulators)

describe('authentication', () => {
  it('rejects a missing token', async () => {
    const handle = await emulator()
    const answer = await send(`${handle.apiUrl}/accounts/${handle.accountId}/images/v1/stats`)

    expect(answer.status).toBe(401)
    expect(answer.json.errors[0].code).toBe(10000)
  })

  it('rejects a wrong token', async () => {
    const handle = await emulator()
    const answer = await send(`${handle.apiUrl}/accounts/${handle.accountId}/images/v1/stats`, { headers: { authorization: 'Bearer wrong' } })

    expect(answer.status).toBe(401)
    expect(answer.json.errors[0].code).toBe(10000)
  })

  const malformed: Array<[string, string]> = [
    ['Bearer without token', 'Bearer'],
    ['Bearer with blank token', 'Bearer '],
    ['Basic scheme', 'Basic dXNlcjpwYXNz'],
    ['bare token', 'emulator-token'],
  ]
  for (const [name, header] of malformed) {
    it(`rejects ${name} as malformed`, async () => {
      const handle = await emulator()
      const answer = await send(`${handle.apiUrl}/accounts/${handle.accountId}/images/v1/stats`, { headers: { authorization: header } })

      expect(answer.status).toBe(400)
      expect(answer.json.errors[0].code).toBe(6003)
      expect(answer.json.errors[0].error_chain[0].code).toBe(6111)
    })
  }

  it('accepts the legacy key headers', async () => {
    const handle = await emulator()
    const answer = await send(`${handle.apiUrl}/accounts/${handle.accountId}/images/v1/stats`, {
      headers: { 'x-auth-email': 'dev@example.invalid', 'x-auth-key': handle.token },
    })

    expect(answer.status).toBe(200)
  })

  it('accepts a custom token', async () => {
    const handle = await emulator({ token: 'my-local-token' })
    const answer = await send(`${handle.apiUrl}/accounts/${handle.accountId}/images/v1/stats`, { headers: { authorization: 'Bearer my-local-token' } })

    expect(answer.status).toBe(200)
  })
})

describe('account in the path', () => {
  it('rejects another account with 403', async () => {
    const handle = await emulator()
    const other = 'f'.repeat(32)
    const answer = await send(`${handle.apiUrl}/accounts/${other}/images/v1/stats`, { headers: { authorization: `Bearer ${handle.token}` } })

    expect(answer.status).toBe(403)
    expect(answer.json.errors[0].code).toBe(10000)
  })

  it('rejects a malformed account ID with 7003', async () => {
    const handle = await emulator()
    const answer = await send(`${handle.apiUrl}/accounts/not-an-account/images/v1/stats`, { headers: { authorization: `Bearer ${handle.token}` } })

    expect(answer.status).toBe(404)
    expect(answer.json.errors[0].code).toBe(7003)
  })

  it('uses a custom account ID', async () => {
    const accountId = 'abcdefabcdefabcdefabcdefabcdef12'
    const handle = await emulator({ accountId })
    const answer = await send(`${handle.apiUrl}/accounts/${accountId}/images/v1/stats`, { headers: { authorization: `Bearer ${handle.token}` } })
    const defaultAccount = await send(`${handle.apiUrl}/accounts/${DEFAULT_ACCOUNT_ID}/images/v1/stats`, { headers: { authorization: `Bearer ${handle.token}` } })

    expect(answer.status).toBe(200)
    expect(defaultAccount.status).toBe(403)
  })
})

describe('unknown route', () => {
  const paths = ['/client/v4/accounts/0123456789abcdef0123456789abcdef/images/v3', '/client/v4/user', '/nothing-here', '/client/v4/accounts/0123456789abcdef0123456789abcdef/images/v1/a/b/c']
  for (const path of paths) {
    it(`answers 7003 for ${path}`, async () => {
      const handle = await emulator()
      const answer = await send(`${handle.batchUrl}${path}`, { headers: { authorization: `Bearer ${handle.token}` } })

      expect(answer.status).toBe(404)
      expect(answer.json.errors[0].code).toBe(7003)
    })
  }

  it('answers 7003 for a wrong method', async () => {
    const handle = await emulator()
    const answer = await send(`${handle.apiUrl}/accounts/${handle.accountId}/images/v1/stats`, { method: 'DELETE', headers: { authorization: `Bearer ${handle.token}` } })

    expect(answer.status).toBe(404)
    expect(answer.json.errors[0].code).toBe(7003)
  })
})
