// Entry-point helper for one scenario script. The orchestrator (bench/main.ts) starts each
// scenario as `node <NODE_ARGS> bench/scenarios/<name>.ts --out <file> [--quick]` and reads the
// JSON it writes.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** Gitignored folder for generated images, sites, manifests and emulator stores. */
export const WORK_DIR = path.join(REPO_ROOT, 'bench', '.work')

/**
 * Node arguments of every benchmark process: TypeScript through tsx, and the test suite's
 * network guard. The guard rejects a request to any host other than 127.0.0.1, ::1 or localhost
 * before the DNS lookup, so a default URL in the code under test cannot reach the internet.
 */
export const NODE_ARGS = ['--import', 'tsx', '--import', pathToFileURL(path.join(REPO_ROOT, 'test', 'setup', 'network-guard.ts')).href]

export interface ScenarioContext {
  /** Fewer runs and smaller inputs, for checking the harness; never for the published page. */
  quick: boolean
  /** Progress line on stderr (stdout stays free for child-process protocols). */
  log(message: string): void
}

/** Runs `body`, writes its result as JSON to the `--out` file, and exits non-zero on an error. */
export function runScenario<T>(name: string, body: (context: ScenarioContext) => Promise<T>): void {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, quick: { type: 'boolean', default: false } },
    strict: true,
  })
  const context: ScenarioContext = {
    quick: values.quick ?? false,
    log: (message) => process.stderr.write(`[${name}] ${message}\n`),
  }

  body(context)
    .then(async (result) => {
      if (values.out === undefined) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
        return
      }
      await mkdir(path.dirname(values.out), { recursive: true })
      await writeFile(values.out, `${JSON.stringify(result, null, 2)}\n`)
    })
    .then(
      // Open keep-alive sockets or a stray timer must not keep a finished scenario alive.
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`[${name}] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
        process.exit(1)
      },
    )
}
