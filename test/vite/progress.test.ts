import { describe, expect, it } from 'vitest'
import type { ProgressEvent, UploadSummary } from '../../src/core/index.js'
import { createProgressReporter, formatBytes, formatSummary, type ProgressTerminal } from '../../src/vite/progress.js'

function uploaded(done: number, toUpload: number): ProgressEvent {
  return { type: 'uploaded', name: `image-${done}.png`, id: `img/${done}`, bytes: 100, done, toUpload }
}

function recordingTerminal(): { terminal: ProgressTerminal; calls: string[] } {
  const calls: string[] = []
  const terminal: ProgressTerminal = {
    clearLine: () => (calls.push('clear'), true),
    cursorTo: () => (calls.push('home'), true),
    write: (text) => (calls.push(text), true),
  }
  return { terminal, calls }
}

describe('createProgressReporter', () => {
  it('logs quarters of a large job', () => {
    const lines: string[] = []
    const report = createProgressReporter({ info: (line) => void lines.push(line) })
    for (let done = 1; done <= 40; done += 1) report(uploaded(done, 40))
    expect(lines).toEqual(['uploading images: 10/40', 'uploading images: 20/40', 'uploading images: 30/40'])
  })

  it('stays quiet for a small job', () => {
    const lines: string[] = []
    const report = createProgressReporter({ info: (line) => void lines.push(line) })
    for (let done = 1; done <= 19; done += 1) report(uploaded(done, 19))
    expect(lines).toEqual([])
  })

  it('redraws one terminal line', () => {
    const { terminal, calls } = recordingTerminal()
    const report = createProgressReporter({ info: () => {} }, terminal)
    report(uploaded(1, 2))
    report(uploaded(2, 2))
    expect(calls).toEqual(['clear', 'home', 'uploading images: 1/2', 'clear', 'home'])
  })

  it('logs nothing with a terminal', () => {
    const lines: string[] = []
    const report = createProgressReporter({ info: (line) => void lines.push(line) }, recordingTerminal().terminal)
    for (let done = 1; done <= 40; done += 1) report(uploaded(done, 40))
    expect(lines).toEqual([])
  })
})

describe('formatSummary', () => {
  const summary: UploadSummary = {
    seen: 14,
    unique: 12,
    known: 8,
    uploaded: 3,
    uploadedBytes: 1_234_567,
    alreadyPresent: 1,
    retried: 0,
    failed: 0,
    requests: 4,
    durationMs: 812,
  }

  it('formats one line', () => {
    expect(formatSummary(summary)).toBe('12 images: 3 uploaded (1.2 MB), 9 cached, 0 failed in 0.8 s')
  })

  it('singular image', () => {
    expect(formatSummary({ ...summary, unique: 1 })).toMatch(/^1 image: /)
  })
})

describe('formatBytes', () => {
  const cases: Array<[number, string]> = [
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [59_400, '59.4 kB'],
    [2_500_000, '2.5 MB'],
  ]
  for (const [bytes, text] of cases) {
    it(`${bytes} bytes`, () => {
      expect(formatBytes(bytes)).toBe(text)
    })
  }
})
