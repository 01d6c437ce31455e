import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findPublicFile } from '../../src/vite/public-files.js'
import { createProject, removeProject } from './helpers.js'

let root: string
let publicDir: string

beforeAll(async () => {
  root = await createProject()
  publicDir = path.join(root, 'public')
  await mkdir(path.join(publicDir, 'deep'), { recursive: true })
  for (const name of ['my photo.png', 'café.png', '100%.png', 'deep/a.png']) await writeFile(path.join(publicDir, name), 'x')
  await writeFile(path.join(root, 'secret.png'), 'x')
})

afterAll(async () => {
  await removeProject(root)
})

describe('findPublicFile', () => {
  const cases: Array<[string, string | undefined]> = [
    ['my photo.png', 'my photo.png'],
    ['/my%20photo.png', 'my photo.png'],
    ['/caf%C3%A9.png', 'café.png'],
    ['café.png', 'café.png'],
    ['100%.png', '100%.png'],
    ['deep/a.png', 'deep/a.png'],
    ['missing.png', undefined],
    ['../secret.png', undefined],
    ['/%2E%2E/secret.png', undefined],
    ['deep', undefined],
  ]
  for (const [url, expected] of cases) {
    it(`finds ${url}`, () => {
      expect(findPublicFile(publicDir, url)).toBe(expected === undefined ? undefined : path.join(publicDir, expected))
    })
  }
})
