// `npm run demo` as a user runs it: a child process, judged by its output and exit code.
import { execFile } from 'node:child_process'
import { access } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
// A token the demo must ignore: it stands for a real one left in the shell.
const SHELL_TOKEN = 'shell-token-that-must-not-be-used'

interface DemoRun {
  exitCode: number
  stdout: string
  stderr: string
}

let run: DemoRun

beforeAll(async () => {
  const env = { ...process.env, CLOUDFLARE_API_TOKEN: SHELL_TOKEN, NO_COLOR: '1' }
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['scripts/demo.mjs'], { cwd: REPO_ROOT, env })
    run = { exitCode: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    run = { exitCode: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}, 120_000)

function uploadCounts(): { first: number; second: number } | undefined {
  const match = /build 1: (\d+), build 2: (\d+)\./.exec(run.stdout)
  return match ? { first: Number(match[1]), second: Number(match[2]) } : undefined
}

describe('npm run demo', () => {
  it('exits with code 0', () => {
    expect(run.exitCode, run.stderr).toBe(0)
  })

  it('uploads on the first build', () => {
    expect(uploadCounts()?.first).toBeGreaterThan(0)
  })

  it('uploads nothing on the second build', () => {
    expect(uploadCounts()?.second).toBe(0)
  })

  it('lists one row per upload', () => {
    const rows = run.stdout.split('\n').filter((line) => line.includes('/cdn-cgi/imagedelivery/') && !line.includes('<image id>'))
    expect(rows).toHaveLength(uploadCounts()?.first ?? -1)
  })

  it('prints the plugin summary twice', () => {
    const summaries = run.stdout.split('\n').filter((line) => /^(\[plugin [^\]]+\] )?\d+ images: \d+ uploaded/.test(line))
    expect(summaries).toHaveLength(2)
  })

  it('warns about a token in the shell', () => {
    expect(run.stdout).toContain('CLOUDFLARE_API_TOKEN is set in this shell')
  })

  it('never prints the shell token', () => {
    expect(run.stdout + run.stderr).not.toContain(SHELL_TOKEN)
  })

  it('deletes its temp copy', async () => {
    const copyRoot = /a copy of playground\/ in (\S+)/.exec(run.stdout)?.[1]
    expect(copyRoot).toBeDefined()
    await expect(access(copyRoot ?? '')).rejects.toThrow(/ENOENT/)
  })
})
