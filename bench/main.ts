// The benchmark orchestrator behind `npm run bench` (loaded by bench/run.mjs through tsx).
// Runs each scenario in its own process group, stores its record in bench/.work/results, and
// rewrites docs/benchmarks.md and docs/upload-throughput.png from the stored records.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { describeMachine, startForeignLoadSampler } from './lib/machine.js'
import { SCENARIOS, type ScenarioDefinition, type ScenarioRecord, type ScenarioRecords } from './lib/records.js'
import { renderReport, renderThroughputPlot, THROUGHPUT_PLOT_FILE } from './lib/report.js'
import { NODE_ARGS, REPO_ROOT, WORK_DIR } from './lib/scenario.js'

const RESULTS_DIR = path.join(WORK_DIR, 'results')
const REPORT_PATH = path.join(REPO_ROOT, 'docs', 'benchmarks.md')
const ERROR_TAIL_LINES = 30

const USAGE = `Usage: npm run bench -- [options]

Runs the benchmark scenarios and rewrites docs/benchmarks.md from their figures.

Options:
  --only <names>   comma-separated scenarios to run; the page keeps the stored figures of the
                   others, with the time each was measured. Scenarios:
                   ${SCENARIOS.map((scenario) => scenario.name).join(', ')}
  --quick          fewer runs and smaller inputs, to check the harness; the page marks these figures
  --report-only    run nothing, only rewrite the page from the stored figures
  --help           print this text
`

/** Invalid command-line options; bench/run.mjs prints its message without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError'
}

interface RunOptions {
  scenarios: ScenarioDefinition[]
  quick: boolean
  reportOnly: boolean
}

function parseOptions(argv: string[]): RunOptions | undefined {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        only: { type: 'string' },
        quick: { type: 'boolean', default: false },
        'report-only': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }))
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  if (values.help) return undefined

  let scenarios = [...SCENARIOS]
  if (values.only !== undefined) {
    const names = values.only.split(',').map((name) => name.trim())
    const unknown = names.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name))
    if (unknown.length > 0) {
      throw new UsageError(`Unknown scenario ${unknown.join(', ')} in --only. Known scenarios: ${SCENARIOS.map((scenario) => scenario.name).join(', ')}.`)
    }
    scenarios = SCENARIOS.filter((scenario) => names.includes(scenario.name))
  }
  return { scenarios, quick: values.quick ?? false, reportOnly: values['report-only'] ?? false }
}

/** Runs one scenario script in a new process group, passing its output through and keeping the end of stderr. */
async function runScenarioProcess(scenario: ScenarioDefinition, quick: boolean, outPath: string): Promise<{ exitCode: number | null; stderrTail: string }> {
  const script = path.join(REPO_ROOT, 'bench', 'scenarios', `${scenario.name}.ts`)
  const args = [...NODE_ARGS, script, '--out', outPath, ...(quick ? ['--quick'] : [])]
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'pipe'], detached: true })

  const tail: string[] = []
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    process.stderr.write(chunk)
    tail.push(...chunk.split('\n').filter((line) => line.length > 0))
    tail.splice(0, Math.max(0, tail.length - ERROR_TAIL_LINES))
  })

  // The group contains the emulator and build processes the scenario started, so stopping the
  // group ends them too. Ctrl-C reaches only this process, because the group is detached.
  const stopGroup = (): void => {
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      // The group has already exited.
    }
  }
  const timer = setTimeout(() => {
    tail.push(`stopped after the ${scenario.timeoutMinutes}-minute limit of this scenario`)
    stopGroup()
  }, scenario.timeoutMinutes * 60_000)
  const onInterrupt = (): void => {
    stopGroup()
    process.exit(130)
  }
  process.once('SIGINT', onInterrupt)

  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  clearTimeout(timer)
  process.off('SIGINT', onInterrupt)
  return { exitCode, stderrTail: tail.join('\n') }
}

async function runOne(scenario: ScenarioDefinition, quick: boolean): Promise<ScenarioRecord> {
  const outPath = path.join(RESULTS_DIR, `${scenario.name}.result.json`)
  await rm(outPath, { force: true })
  process.stderr.write(`\n== ${scenario.name}${quick ? ' (quick)' : ''} ==\n`)

  const loadBefore = os.loadavg()
  const sampler = startForeignLoadSampler(process.pid)
  const startedAt = new Date()
  const { exitCode, stderrTail } = await runScenarioProcess(scenario, quick, outPath)
  const seconds = (Date.now() - startedAt.getTime()) / 1000
  const foreignLoad = sampler.stop()

  const record: ScenarioRecord = {
    name: scenario.name,
    quick,
    startedAt: startedAt.toISOString(),
    seconds,
    machine: describeMachine(),
    loadAverage: { before: loadBefore, after: os.loadavg() },
    foreignLoad,
  }
  if (exitCode === 0 && existsSync(outPath)) record.result = JSON.parse(await readFile(outPath, 'utf8'))
  else record.error = stderrTail || `exited with code ${exitCode}`

  await writeFile(path.join(RESULTS_DIR, `${scenario.name}.json`), `${JSON.stringify(record, null, 2)}\n`)
  return record
}

async function readStoredRecords(): Promise<ScenarioRecords> {
  const records: Record<string, ScenarioRecord> = {}
  for (const scenario of SCENARIOS) {
    const file = path.join(RESULTS_DIR, `${scenario.name}.json`)
    if (existsSync(file)) records[scenario.name] = JSON.parse(await readFile(file, 'utf8')) as ScenarioRecord
  }
  return records as ScenarioRecords
}

export async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv)
  if (options === undefined) {
    process.stdout.write(USAGE)
    return 0
  }
  await mkdir(RESULTS_DIR, { recursive: true })

  let failures = 0
  if (!options.reportOnly) {
    const startedAt = Date.now()
    for (const scenario of options.scenarios) {
      const record = await runOne(scenario, options.quick)
      if (record.error !== undefined) failures += 1
    }
    process.stderr.write(`\nScenarios took ${((Date.now() - startedAt) / 1000).toFixed(0)} s.\n`)
  }

  const records = await readStoredRecords()
  await mkdir(path.dirname(REPORT_PATH), { recursive: true })
  await writeFile(REPORT_PATH, renderReport(records))
  const throughput = records['upload-throughput']?.result
  if (throughput !== undefined) await writeFile(path.join(path.dirname(REPORT_PATH), THROUGHPUT_PLOT_FILE), await renderThroughputPlot(throughput))
  process.stderr.write(`Wrote ${path.relative(REPO_ROOT, REPORT_PATH)}.\n`)

  if (failures > 0) process.stderr.write(`${failures} scenario(s) failed. The page shows the end of each failed scenario's error output.\n`)
  return failures > 0 ? 1 : 0
}
