// Runs a TypeScript entry point in a fresh Node process (through tsx, behind the network guard) and returns its last
// stdout line parsed as JSON. Stderr passes through so failures stay visible.
import { spawn } from 'node:child_process'
import { NODE_ARGS } from './scenario.js'

export async function runTsProcess<T>(entry: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<T> {
  const child = spawn(process.execPath, [...NODE_ARGS, entry, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] })

  let stdout = ''
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk
  })

  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  if (exitCode !== 0) {
    throw new Error(`${entry} exited with code ${exitCode}; its error output is above.`)
  }

  const lastLine = stdout.trim().split('\n').at(-1) ?? ''
  try {
    return JSON.parse(lastLine) as T
  } catch {
    throw new Error(`${entry} printed no JSON result line; its output ended with: ${lastLine.slice(0, 200)}`)
  }
}
