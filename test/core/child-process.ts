import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { ImageSource } from '../../src/core/index.js'
import type { EmulatorHandle } from '../../src/emulator/index.js'

const SCRIPT = fileURLToPath(new URL('./fixtures/upload-child.ts', import.meta.url))
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** A running `fixtures/upload-child.ts`, with its output lines and the pid of the uploading process. */
export interface UploadChild {
  process: ChildProcess
  lines: string[]
  /** Resolves with the pid that the script prints first (npx and tsx run it in a child of theirs). */
  pid: Promise<number>
  /** Resolves when `count` lines matching `pattern` have arrived. */
  waitForLines(pattern: RegExp, count: number): Promise<void>
  exit: Promise<number | null>
}

export function spawnUploadChild(emulator: EmulatorHandle, manifestPath: string, sources: ImageSource[], concurrency = 8): UploadChild {
  const config = { apiUrl: emulator.apiUrl, batchUrl: emulator.batchUrl, accountId: emulator.accountId, token: emulator.token, manifestPath, sources, concurrency }
  const child = spawn('npx', ['tsx', SCRIPT, JSON.stringify(config)], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  const waiters: Array<{ pattern: RegExp; count: number; resolve: () => void }> = []
  let resolvePid: (pid: number) => void = () => undefined
  const pid = new Promise<number>((resolve) => {
    resolvePid = resolve
  })

  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })

  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    lines.push(line)
    const pidMatch = /^pid (\d+)$/.exec(line)
    if (pidMatch) resolvePid(Number(pidMatch[1]))
    for (const waiter of waiters) {
      if (lines.filter((candidate) => waiter.pattern.test(candidate)).length >= waiter.count) waiter.resolve()
    }
  })

  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  return {
    process: child,
    lines,
    pid,
    waitForLines(pattern, count) {
      return new Promise((resolve, reject) => {
        if (lines.filter((candidate) => pattern.test(candidate)).length >= count) {
          resolve()
          return
        }
        waiters.push({ pattern, count, resolve })
        void exit.then((code) => reject(new Error(`upload child exited (${code}) before ${count} lines matched ${pattern}:\n${stderr}`)))
      })
    },
    exit,
  }
}
