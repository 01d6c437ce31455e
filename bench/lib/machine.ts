// Machine description, and the CPU time other processes used while a benchmark ran.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'

export interface MachineInfo {
  cpuModel: string
  cores: number
  memoryBytes: number
  platform: string
  release: string
  nodeVersion: string
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus()
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    platform: os.platform(),
    release: os.release(),
    nodeVersion: process.version,
  }
}

interface ProcessTimes {
  pid: number
  parentPid: number
  command: string
  /** utime + stime, in clock ticks. */
  ticks: number
}

/** Reads every process's CPU time from /proc. Returns an empty list where /proc does not exist. */
function readProcessTimes(): ProcessTimes[] {
  let entries: string[]
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name))
  } catch {
    return []
  }

  const processes: ProcessTimes[] = []
  for (const entry of entries) {
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue // the process ended between readdir and read
    }

    // The command name is in parentheses and may itself contain spaces or parentheses.
    const open = stat.indexOf('(')
    const close = stat.lastIndexOf(')')
    const fields = stat.slice(close + 2).split(' ')
    processes.push({
      pid: Number(entry),
      command: stat.slice(open + 1, close),
      parentPid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
    })
  }
  return processes
}

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
}

function descendantsOf(rootPid: number, processes: readonly ProcessTimes[]): Set<number> {
  const children = new Map<number, number[]>()
  for (const entry of processes) {
    const siblings = children.get(entry.parentPid) ?? []
    siblings.push(entry.pid)
    children.set(entry.parentPid, siblings)
  }

  const result = new Set<number>([rootPid])
  const pending = [rootPid]
  while (pending.length > 0) {
    const pid = pending.pop()!
    for (const child of children.get(pid) ?? []) {
      if (!result.has(child)) {
        result.add(child)
        pending.push(child)
      }
    }
  }
  return result
}

/** Busy CPU ticks of the whole machine since boot (user, nice, system, irq, softirq, steal). */
function readSystemBusyTicks(): number | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields
    return user + nice + system + irq + softirq + steal
  } catch {
    return undefined
  }
}

/** CPU ticks of this process plus every descendant that has ended and been waited for (cutime, cstime). */
function readOwnTreeTicks(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number)
    return fields[11]! + fields[12]! + fields[13]! + fields[14]!
  } catch {
    return undefined
  }
}

export interface ForeignLoad {
  /** Seconds the measurement covered. */
  seconds: number
  /**
   * CPU time of everything outside this process tree, as a share of one core (1 = one core
   * busy): machine-wide busy time from /proc/stat minus this process's and its ended
   * descendants' time. Undefined where /proc is missing.
   */
  averageCores: number | undefined
  /** The busiest foreign commands by CPU seconds, from samples every few seconds; approximate. */
  top: Array<{ command: string; cpuSeconds: number }>
}

/**
 * Measures how much CPU time processes other than `rootPid` and its descendants used until
 * `stop()`, so a report can state what else shared the machine. Call `stop()` after every child
 * of `rootPid` has exited, so their time has reached the cutime/cstime counters. Linux only.
 */
export function startForeignLoadSampler(rootPid: number, intervalMs = 2000): { stop(): ForeignLoad } {
  const ticksPerSecond = clockTicksPerSecond()
  const startedAt = performance.now()
  const busyBefore = readSystemBusyTicks()
  const ownBefore = readOwnTreeTicks()
  const lastTicks = new Map<number, number>()
  const ticksByCommand = new Map<string, number>()

  // NOTE: sampling misses processes that start and end between two samples, and the first
  // interval of every process; the per-command figures are a lower bound.
  const sample = (): void => {
    const processes = readProcessTimes()
    const ours = descendantsOf(rootPid, processes)
    for (const entry of processes) {
      const previous = lastTicks.get(entry.pid)
      lastTicks.set(entry.pid, entry.ticks)
      if (previous === undefined || ours.has(entry.pid)) continue
      const delta = entry.ticks - previous
      if (delta > 0) ticksByCommand.set(entry.command, (ticksByCommand.get(entry.command) ?? 0) + delta)
    }
  }

  sample()
  const timer = setInterval(sample, intervalMs)
  timer.unref()

  return {
    stop(): ForeignLoad {
      clearInterval(timer)
      sample()
      const seconds = (performance.now() - startedAt) / 1000
      const busyAfter = readSystemBusyTicks()
      const ownAfter = readOwnTreeTicks()
      let averageCores: number | undefined
      if (busyBefore !== undefined && busyAfter !== undefined && ownBefore !== undefined && ownAfter !== undefined && seconds > 0) {
        const foreignTicks = Math.max(0, busyAfter - busyBefore - (ownAfter - ownBefore))
        averageCores = foreignTicks / ticksPerSecond / seconds
      }
      const top = [...ticksByCommand.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([command, ticks]) => ({ command, cpuSeconds: ticks / ticksPerSecond }))
      return { seconds, averageCores, top }
    },
  }
}
