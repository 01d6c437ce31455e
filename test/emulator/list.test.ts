import { afterEach, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/emulator/types.js'
import { api, closeEmulators, emulator, png, upload } from './helpers.js'

afterEach(closeEmulators)

function seedNumbered(handle: EmulatorHandle, count: number): void {
  const uploaded = '2026-01-01T00:00:00.000Z'
  handle.seed(Array.from({ length: count }, (_, index) => ({ id: `img-${String(index).padStart(6, '0')}`, uploaded })))
}

async function listAll(handle: EmulatorHandle, query: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = []
  let pages = 0
  let token: string | null = null
  do {
    const tokenParameter: string = token === null ? '' : `&continuation_token=${encodeURIComponent(token)}`
    const answer = await api(handle, `/images/v2?${query}${tokenParameter}`)
    pages += 1
    ids.push(...answer.json.result.images.map((image: { id: string }) => image.id))
    token = answer.json.result.continuation_token
  } while (token !== null)
  return { ids, pages }
}

describe('list v2', () => {
  it('pages with continuation tokens', async () => {
    const handle = await emulator()
    seedNumbered(handle, 25)
    const { ids, pages } = await listAll(handle, 'per_page=10')

    expect(pages).toBe(3)
    expect(ids).toHaveLength(25)
    expect(new Set(ids).size).toBe(25)
    expect(ids[0]).toBe('img-000000')
  })

  it('returns null token on the last page', async () => {
    const handle = await emulator()
    seedNumbered(handle, 10)
    const answer = await api(handle, '/images/v2?per_page=10')

    expect(answer.json.result.images).toHaveLength(10)
    expect(answer.json.result.continuation_token).toBeNull()
  })

  it('returns an empty page for an empty account', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v2')

    expect(answer.json.result).toEqual({ images: [], continuation_token: null })
  })

  it('defaults to 1000 per page', async () => {
    const handle = await emulator()
    seedNumbered(handle, 1001)
    const answer = await api(handle, '/images/v2')

    expect(answer.json.result.images).toHaveLength(1000)
    expect(typeof answer.json.result.continuation_token).toBe('string')
  })

  it('sorts descending', async () => {
    const handle = await emulator()
    seedNumbered(handle, 25)
    const { ids } = await listAll(handle, 'per_page=10&sort_order=desc')

    expect(ids[0]).toBe('img-000024')
    expect(ids.at(-1)).toBe('img-000000')
    expect(ids).toHaveLength(25)
  })

  it('orders by upload time', async () => {
    const handle = await emulator()
    handle.seed([
      { id: 'b-new', uploaded: '2026-03-01T00:00:00.000Z' },
      { id: 'a-old', uploaded: '2026-01-01T00:00:00.000Z' },
      { id: 'c-mid', uploaded: '2026-02-01T00:00:00.000Z' },
    ])
    const answer = await api(handle, '/images/v2?per_page=10')

    expect(answer.json.result.images.map((image: { id: string }) => image.id)).toEqual(['a-old', 'c-mid', 'b-new'])
  })

  it('keeps a token valid across deletes', async () => {
    const handle = await emulator()
    seedNumbered(handle, 30)
    const first = await api(handle, '/images/v2?per_page=10')
    await api(handle, '/images/v1/img-000009', { method: 'DELETE' })
    await api(handle, '/images/v1/img-000010', { method: 'DELETE' })
    const token = encodeURIComponent(first.json.result.continuation_token)
    const second = await api(handle, `/images/v2?per_page=10&continuation_token=${token}`)

    expect(second.json.result.images[0].id).toBe('img-000011')
  })

  it('lists new uploads after old ones', async () => {
    const handle = await emulator()
    seedNumbered(handle, 10)
    await upload(handle, { bytes: await png(), id: 'fresh' })
    const { ids } = await listAll(handle, 'per_page=10')

    expect(ids.at(-1)).toBe('fresh')
  })

  const invalidPerPage = ['9', '10001', 'abc', '10.5']
  for (const perPage of invalidPerPage) {
    it(`rejects per_page=${perPage}`, async () => {
      const handle = await emulator()
      const answer = await api(handle, `/images/v2?per_page=${perPage}`)

      expect(answer.status).toBe(400)
      expect(answer.json.errors[0].code).toBe(5400)
    })
  }

  it('accepts per_page=10000', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v2?per_page=10000')

    expect(answer.status).toBe(200)
  })

  it('rejects an unknown sort_order', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v2?sort_order=newest')

    expect(answer.status).toBe(400)
  })

  it('rejects a forged token', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v2?continuation_token=not-a-token')

    expect(answer.status).toBe(400)
  })

  it('lists 100,000 seeded images in 10 pages', async () => {
    const handle = await emulator()
    seedNumbered(handle, 100_000)
    const { ids, pages } = await listAll(handle, 'per_page=10000')

    expect(pages).toBe(10)
    expect(new Set(ids).size).toBe(100_000)
  })
})

describe('list v1', () => {
  it('pages by number', async () => {
    const handle = await emulator()
    seedNumbered(handle, 25)
    const third = await api(handle, '/images/v1?page=3&per_page=10')

    expect(third.json.result.images.map((image: { id: string }) => image.id)).toEqual(['img-000020', 'img-000021', 'img-000022', 'img-000023', 'img-000024'])
  })

  it('returns an empty page past the end', async () => {
    const handle = await emulator()
    seedNumbered(handle, 5)
    const answer = await api(handle, '/images/v1?page=2&per_page=10')

    expect(answer.json.result.images).toEqual([])
  })

  it('rejects page=0', async () => {
    const handle = await emulator()
    const answer = await api(handle, '/images/v1?page=0')

    expect(answer.status).toBe(400)
  })
})
