import { describe, expect, it } from 'vitest'
import { createOutput, PLAIN_PROGRESS_INTERVAL_MS } from '../../src/cli/output.js'
import { formatBytes } from '../../src/cli/format.js'

function fakeStream(isTTY: boolean): { write(text: string): void; isTTY: boolean; text: string } {
  return {
    isTTY,
    text: '',
    write(text: string) {
      this.text += text
    },
  }
}

function setup(isTTY: boolean, env: NodeJS.ProcessEnv = {}) {
  const stdout = fakeStream(false)
  const stderr = fakeStream(isTTY)
  let now = 0
  const output = createOutput({ stdout, stderr, env, now: () => now })
  return { output, stdout, stderr, advance: (ms: number) => (now += ms) }
}

const planned = { type: 'planned', total: 3, unique: 3, known: 0, toUpload: 3, bytesToUpload: 3000 } as const

function uploaded(done: number) {
  return { type: 'uploaded', name: `image-${done}.png`, id: `img/${done}`, bytes: 1000, done, toUpload: 3 } as const
}

describe('cli output', () => {
  it('warning prefix on stderr', () => {
    const { output, stdout, stderr } = setup(false)

    output.logger.warn('the manifest was unreadable')

    expect(stderr.text).toBe('cloudflare-images: warning: the manifest was unreadable\n')
    expect(stdout.text).toBe('')
  })

  it('error prefix', () => {
    const { output, stderr } = setup(false)

    output.error('Missing API token')

    expect(stderr.text).toBe('cloudflare-images: Missing API token\n')
  })

  it('results on stdout', () => {
    const { output, stdout } = setup(false)

    output.result('Deleted 2 images.')

    expect(stdout.text).toBe('Deleted 2 images.\n')
  })

  it('no colour without a TTY', () => {
    const { output, stderr } = setup(false)

    output.error('x')

    expect(stderr.text).not.toContain('\x1b[')
  })

  it('FORCE_COLOR colours', () => {
    const { output, stderr } = setup(false, { FORCE_COLOR: '1' })

    output.error('x')

    expect(stderr.text).toContain('\x1b[31m')
  })

  it('NO_COLOR wins on a TTY', () => {
    const { output, stderr } = setup(true, { NO_COLOR: '1' })

    output.error('x')

    expect(stderr.text).not.toContain('\x1b[31m')
  })

  it('debug only when verbose', () => {
    const quiet = setup(false)

    quiet.output.logger.debug?.('retrying')

    expect(quiet.stderr.text).toBe('')
  })

  it('plain progress by interval', () => {
    const { output, stderr, advance } = setup(false)

    output.progress(planned)
    output.progress(uploaded(1))
    advance(PLAIN_PROGRESS_INTERVAL_MS)
    output.progress(uploaded(2))
    advance(PLAIN_PROGRESS_INTERVAL_MS)
    output.progress(uploaded(3))

    expect(stderr.text.split('\n').filter(Boolean)).toEqual([
      'Uploading 3 images (3.0 kB); 0 already in the manifest.',
      'uploading: 2/3 done, 2 uploaded (2.0 kB)',
    ])
  })

  it('TTY progress redraws one line', () => {
    const { output, stderr } = setup(true)

    output.progress(planned)
    for (const done of [1, 2, 3]) output.progress(uploaded(done))
    output.endProgress()

    expect(stderr.text).toContain('\r\x1b[2K')
    expect(stderr.text).toContain('3/3 done, 3 uploaded (3.0 kB)')
    expect(stderr.text.endsWith('\r\x1b[2K')).toBe(true)
  })

  // The error that ends the command lists each failed file, so progress only counts them.
  it('plain failure prints no line', () => {
    const { output, stderr } = setup(false)

    output.progress({ type: 'failed', name: 'a.png', error: new Error('403 Forbidden'), done: 1, toUpload: 3 })

    expect(stderr.text).toBe('')
  })

  it('TTY failure counted in progress', () => {
    const { output, stderr } = setup(true)

    output.progress(planned)
    output.progress({ type: 'failed', name: 'a.png', error: new Error('403 Forbidden'), done: 1, toUpload: 3 })

    expect(stderr.text).toContain('1/3 done, 0 uploaded (0 B), 1 failed')
    expect(stderr.text).not.toContain('403 Forbidden')
  })
})

describe('cli formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [1_500_000, '1.5 MB'],
    [250_000_000, '250 MB'],
  ])('%d bytes', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})
