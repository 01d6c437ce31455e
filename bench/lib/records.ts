// Records of scenario runs: stored by the orchestrator, read back by the report.
import type { HashingResult } from '../scenarios/hashing.js'
import type { ManifestScaleResult } from '../scenarios/manifest-scale.js'
import type { RateLimitResult } from '../scenarios/rate-limit.js'
import type { UploadThroughputResult } from '../scenarios/upload-throughput.js'
import type { WarmBuildResult } from '../scenarios/warm-build.js'
import type { ForeignLoad, MachineInfo } from './machine.js'

export interface ScenarioResults {
  'warm-build': WarmBuildResult
  'upload-throughput': UploadThroughputResult
  'rate-limit': RateLimitResult
  'manifest-scale': ManifestScaleResult
  hashing: HashingResult
}

export type ScenarioName = keyof ScenarioResults

export interface ScenarioDefinition {
  name: ScenarioName
  title: string
  /** The orchestrator stops the scenario's process group after this long. */
  timeoutMinutes: number
}

/** In the order of the report, which is also the order `npm run bench` runs them. */
export const SCENARIOS: readonly ScenarioDefinition[] = [
  { name: 'warm-build', title: 'Warm build overhead', timeoutMinutes: 6 },
  { name: 'upload-throughput', title: 'Cold upload throughput and memory', timeoutMinutes: 8 },
  { name: 'rate-limit', title: 'Rate-limit compliance', timeoutMinutes: 7 },
  { name: 'manifest-scale', title: 'Manifest and sync at 100,000 images', timeoutMinutes: 5 },
  { name: 'hashing', title: 'Hashing', timeoutMinutes: 5 },
]

export interface ScenarioRecord<Name extends ScenarioName = ScenarioName> {
  name: Name
  quick: boolean
  startedAt: string
  seconds: number
  machine: MachineInfo
  /** 1-, 5- and 15-minute load averages when the scenario started and ended. */
  loadAverage: { before: number[]; after: number[] }
  foreignLoad: ForeignLoad
  /** Missing when the scenario failed. Then `error` contains the end of its error output. */
  result?: ScenarioResults[Name]
  error?: string
}

/** The stored record of each scenario that has one. */
export type ScenarioRecords = { [Name in ScenarioName]?: ScenarioRecord<Name> }
