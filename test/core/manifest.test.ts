import { spawn } from 'node:child_process'
import { mkdir, readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Manifest, ManifestError, sha256Bytes, stringsInManifestText } from '../../src/core/index.js'
import { acquireLock } from '../../src/core/manifest-lock.js'
import type { ManifestEntry } from '../../src/core/index.js'
import { recordingLogger, tempDirs } from './helpers.js'

const ACCOUNT = '0123456789abcdef0123456789abcdef'
const dirs = tempDirs()
afterEach(() => dirs.cleanup())

function entry(seed: string): ManifestEntry {
  return { id: `img/${sha256Bytes(seed).slice(0, 32)}`, bytes: 10, width: 1, height: 1, format: 'png', file: `img/${seed}.png`, uploaded: '2026-01-02T03:04:05.678Z' }
}

async function manifestPath(): Promise<string> {
  return join(await dirs.make(), 'nested', 'cloudflare-images.json')
}

async function writeManifest(path: string, seeds: string[]): Promise<string> {
  const manifest = await Manifest.load(path)
  for (const seed of seeds) manifest.set(ACCOUNT, sha256Bytes(seed), entry(seed))
  await manifest.close()
  return readFile(path, 'utf8')
}

async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise((resolve) => child.once('exit', resolve))
  return child.pid as number
}

describe('Manifest', () => {
  it('missing file is empty', async () => {
    const logger = recordingLogger()
    const manifest = await Manifest.load(await manifestPath(), { logger })
    expect(manifest.images(ACCOUNT).size).toBe(0)
    expect(logger.warnings()).toEqual([])
  })

  it('writes what was set', async () => {
    const path = await manifestPath()
    await writeManifest(path, ['a'])
    const reloaded = await Manifest.load(path)
    expect(reloaded.get(ACCOUNT, sha256Bytes('a'))).toEqual(entry('a'))
  })

  it('unchanged run keeps identical bytes', async () => {
    const path = await manifestPath()
    const before = await writeManifest(path, ['a', 'b', 'c'])
    const after = await writeManifest(path, ['b', 'a'])
    expect(after).toBe(before)
  })

  it('unchanged run does not rewrite', async () => {
    const path = await manifestPath()
    await writeManifest(path, ['a'])
    const inodeBefore = (await stat(path)).ino
    await writeManifest(path, ['a'])
    expect((await stat(path)).ino).toBe(inodeBefore)
  })

  it('new image adds only its lines', async () => {
    const path = await manifestPath()
    // Seeds chosen so the new digest sorts between the others, not last.
    const seeds = ['a', 'b', 'c', 'd', 'e']
    const sorted = seeds.map((seed) => ({ seed, sha: sha256Bytes(seed) })).sort((x, y) => (x.sha < y.sha ? -1 : 1))
    const middle = sorted[2]?.seed as string
    const before = (await writeManifest(path, seeds.filter((seed) => seed !== middle))).split('\n')
    const after = (await writeManifest(path, [middle])).split('\n')

    const start = after.findIndex((line) => line.includes(sha256Bytes(middle)))
    const block = after.slice(start, start + 9)
    const rest = [...after.slice(0, start), ...after.slice(start + 9)]
    expect(rest).toEqual(before)
    expect(block.at(-1)?.trim()).toBe('},')
  })

  it('stores no machine paths', async () => {
    const path = await manifestPath()
    const text = await writeManifest(path, ['a'])
    expect(text).not.toContain(path.slice(0, path.lastIndexOf('nested')))
    expect(text).not.toContain('\\')
  })

  it('leaves no temp or lock files', async () => {
    const path = await manifestPath()
    await writeManifest(path, ['a'])
    expect(await readdir(join(path, '..'))).toEqual(['cloudflare-images.json'])
  })

  it('corrupt file warns once', async () => {
    const path = await manifestPath()
    const text = await writeManifest(path, ['a'])
    await writeFile(path, text.slice(0, text.length / 2))

    const logger = recordingLogger()
    const manifest = await Manifest.load(path, { logger, flushIntervalMs: 0 })
    expect(manifest.get(ACCOUNT, sha256Bytes('a'))).toBeUndefined()
    manifest.set(ACCOUNT, sha256Bytes('b'), entry('b'))
    await manifest.flush()
    manifest.set(ACCOUNT, sha256Bytes('c'), entry('c'))
    await manifest.close()

    expect(logger.warnings()).toHaveLength(1)
    expect(logger.warnings()[0]).toContain('not valid JSON')
  })

  it('corrupt file is rewritten', async () => {
    const path = await manifestPath()
    await writeManifest(path, ['a'])
    await writeFile(path, '{"accounts": {')

    const manifest = await Manifest.load(path, { logger: recordingLogger() })
    await manifest.close()
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ accounts: {}, version: 1 })
  })

  it('old format warns once', async () => {
    const path = await manifestPath()
    await writeManifest(path, ['first'])
    await writeFile(path, '{"images": {"x": "img/x"}}\n')
    const logger = recordingLogger()
    await Manifest.load(path, { logger })
    expect(logger.warnings()).toEqual([expect.stringContaining('format version null')])
  })

  it('newer format is never written', async () => {
    const path = await manifestPath()
    await writeManifest(path, ['first'])
    const newer = '{"version": 99, "accounts": {}}\n'
    await writeFile(path, newer)

    const logger = recordingLogger()
    const manifest = await Manifest.load(path, { logger })
    manifest.set(ACCOUNT, sha256Bytes('a'), entry('a'))
    await manifest.close()
    expect(await readFile(path, 'utf8')).toBe(newer)
    expect(logger.warnings()).toEqual([expect.stringContaining('newer')])
  })

  it('invalid entries are dropped with a warning', async () => {
    const path = await manifestPath()
    await writeManifest(path, ['a'])
    const json = JSON.parse(await readFile(path, 'utf8')) as { accounts: Record<string, { images: Record<string, unknown> }> }
    const images = json.accounts[ACCOUNT]?.images as Record<string, unknown>
    images[sha256Bytes('broken')] = { id: 42 }
    await writeFile(path, JSON.stringify(json))

    const logger = recordingLogger()
    const manifest = await Manifest.load(path, { logger })
    await manifest.close()
    expect(logger.warnings()).toEqual([expect.stringContaining('1 invalid entries')])
    expect(Object.keys(JSON.parse(await readFile(path, 'utf8')).accounts[ACCOUNT].images)).toEqual([sha256Bytes('a')])
  })

  it('throttles writes until close', async () => {
    const path = await manifestPath()
    const manifest = await Manifest.load(path, { flushIntervalMs: 60_000 })
    manifest.set(ACCOUNT, sha256Bytes('first'), entry('first'))
    await manifest.flush()
    for (const seed of ['a', 'b', 'c']) manifest.set(ACCOUNT, sha256Bytes(seed), entry(seed))

    const between = JSON.parse(await readFile(path, 'utf8'))
    expect(Object.keys(between.accounts[ACCOUNT].images)).toHaveLength(1)
    await manifest.close()
    const after = JSON.parse(await readFile(path, 'utf8'))
    expect(Object.keys(after.accounts[ACCOUNT].images)).toHaveLength(4)
  })

  it('flushes on its own', async () => {
    const path = await manifestPath()
    const manifest = await Manifest.load(path, { flushIntervalMs: 0 })
    manifest.set(ACCOUNT, sha256Bytes('a'), entry('a'))
    await expect.poll(() => readFile(path, 'utf8').catch(() => ''), { timeout: 10_000 }).toContain(sha256Bytes('a'))
    await manifest.close()
  })

  it('two writers keep the union', async () => {
    const path = await manifestPath()
    const first = await Manifest.load(path, { flushIntervalMs: 0 })
    const second = await Manifest.load(path, { flushIntervalMs: 0 })

    const writes: Promise<void>[] = []
    for (let index = 0; index < 40; index += 1) {
      const writer = index % 2 === 0 ? first : second
      writer.set(ACCOUNT, sha256Bytes(`seed-${index}`), entry(`seed-${index}`))
      writes.push(writer.flush())
    }
    await Promise.all(writes)
    await Promise.all([first.close(), second.close()])

    const reloaded = await Manifest.load(path)
    expect(reloaded.images(ACCOUNT).size).toBe(40)
  })

  it('sees entries of another writer', async () => {
    const path = await manifestPath()
    const first = await Manifest.load(path)
    await writeManifest(path, ['other'])
    first.set(ACCOUNT, sha256Bytes('mine'), entry('mine'))
    await first.close()
    expect(first.get(ACCOUNT, sha256Bytes('other'))).toEqual(entry('other'))
  })

  it('deletion is not undone by another writer', async () => {
    const path = await manifestPath()
    await writeManifest(path, ['a', 'b'])
    const stale = await Manifest.load(path)
    const pruner = await Manifest.load(path)
    pruner.delete(ACCOUNT, sha256Bytes('a'))
    await pruner.close()

    stale.set(ACCOUNT, sha256Bytes('c'), entry('c'))
    await stale.close()
    const reloaded = await Manifest.load(path)
    expect([...reloaded.images(ACCOUNT).keys()].sort()).toEqual([sha256Bytes('b'), sha256Bytes('c')].sort())
  })

  it('records the account hash', async () => {
    const path = await manifestPath()
    const manifest = await Manifest.load(path)
    manifest.setAccountHash(ACCOUNT, 'Vi7wi5KSItxGFsWRG2Us6Q')
    await manifest.close()
    expect((await Manifest.load(path)).accountHash(ACCOUNT)).toBe('Vi7wi5KSItxGFsWRG2Us6Q')
  })
})

describe('manifest load issues', () => {
  it('reports dropped entries', async () => {
    const path = await manifestPath()
    await writeManifest(path, ['first', 'second'])
    const data = JSON.parse(await readFile(path, 'utf8'))
    data.accounts[ACCOUNT].images[sha256Bytes('first')].width = '4'
    await writeFile(path, JSON.stringify(data))

    const manifest = await Manifest.load(path, { readOnly: true })

    expect(manifest.loadIssue).toEqual({ kind: 'dropped-entries', count: 1 })
  })

  it('reports newer version as read-only', async () => {
    const path = await manifestPath()
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, JSON.stringify({ accounts: {}, version: 99 }))

    const manifest = await Manifest.load(path)

    expect(manifest.loadIssue).toEqual({ kind: 'newer-version', version: 99 })
    expect(manifest.writable).toBe(false)
  })

  it('reports nothing for a good file', async () => {
    const path = await manifestPath()
    await writeManifest(path, ['first'])

    const manifest = await Manifest.load(path)

    expect(manifest.loadIssue).toBeUndefined()
    expect(manifest.writable).toBe(true)
  })

  it('collects strings of invalid entries', () => {
    const text = JSON.stringify({ accounts: { a: { images: { x: { id: 'img/kept', width: '4' } } } }, version: 1 })

    expect(stringsInManifestText(text)).toContain('img/kept')
  })

  it('collects nothing from invalid JSON', () => {
    expect(stringsInManifestText('{"id": "img/cut')).toEqual(new Set())
  })
})

describe('manifest lock', () => {
  it('breaks a lock of a dead process', async () => {
    const path = await manifestPath()
    await writeManifest(path, ['first'])
    await writeFile(`${path}.lock`, JSON.stringify({ pid: await exitedPid(), host: hostname(), token: 'dead' }))

    const logger = recordingLogger()
    const manifest = await Manifest.load(path, { logger })
    manifest.set(ACCOUNT, sha256Bytes('a'), entry('a'))
    await manifest.close()
    expect(logger.warnings()).toEqual([expect.stringContaining('is no longer running')])
    expect((await Manifest.load(path)).get(ACCOUNT, sha256Bytes('a'))).toEqual(entry('a'))
  })

  it('breaks an old lock', async () => {
    const path = await manifestPath()
    await writeManifest(path, ['first'])
    // A pid from another machine cannot be checked here, so only the age decides.
    await writeFile(`${path}.lock`, JSON.stringify({ pid: process.pid, host: 'other-build-machine', token: 'old' }))
    const anHourAgo = new Date(Date.now() - 3_600_000)
    await utimes(`${path}.lock`, anHourAgo, anHourAgo)

    const logger = recordingLogger()
    const manifest = await Manifest.load(path, { logger })
    manifest.set(ACCOUNT, sha256Bytes('a'), entry('a'))
    await manifest.close()
    expect(logger.warnings()).toEqual([expect.stringContaining('has not refreshed it for 3600 s')])
  })

  it('breaks own-pid lock from before start', async () => {
    const path = await manifestPath()
    await writeManifest(path, ['first'])
    // A restarted container reuses pids: this lock names this process but predates it.
    await writeFile(`${path}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), token: 'previous-run' }))
    const beforeStart = new Date(Date.now() - process.uptime() * 1000 - 10_000)
    await utimes(`${path}.lock`, beforeStart, beforeStart)

    const logger = recordingLogger()
    const manifest = await Manifest.load(path, { logger, lock: { staleMs: 3_600_000 } })
    manifest.set(ACCOUNT, sha256Bytes('a'), entry('a'))
    await manifest.close()
    expect(logger.warnings()).toEqual([expect.stringContaining('was written before this process started')])
    expect((await Manifest.load(path)).get(ACCOUNT, sha256Bytes('a'))).toEqual(entry('a'))
  })

  it('keeps refreshed lock past stale age', async () => {
    const path = await manifestPath()
    await mkdir(dirname(path), { recursive: true })
    const lockPath = `${path}.lock`
    const holder = await acquireLock(lockPath, { staleMs: 900 })

    // The waiter polls for longer than the stale age, so only the holder's refreshes keep the lock live.
    const error = await acquireLock(lockPath, { staleMs: 900, timeoutMs: 2_500 }).catch((caught: unknown) => caught)
    await holder.release()

    expect(error).toBeInstanceOf(ManifestError)
    expect((error as ManifestError).code).toBe('MANIFEST_LOCK_TIMEOUT')
    await expect(stat(lockPath)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('times out on a live lock', async () => {
    const path = await manifestPath()
    await writeManifest(path, ['first'])
    await writeFile(`${path}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), token: 'live' }))

    const manifest = await Manifest.load(path, { lock: { timeoutMs: 100 } })
    manifest.set(ACCOUNT, sha256Bytes('a'), entry('a'))
    const error = await manifest.close().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ManifestError)
    expect((error as ManifestError).code).toBe('MANIFEST_LOCK_TIMEOUT')
    expect((error as ManifestError).message).toContain('delete the lock file')
  })
})
