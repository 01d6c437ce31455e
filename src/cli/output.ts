// The CLI's output layer, the one place in `src/` that writes to the terminal.
// Results (reports, plans, JSON) go to stdout so they can be piped; logs, progress and
// errors go to stderr.
import picocolors from 'picocolors'
import type { Logger } from '../api/types.js'
import type { ProgressEvent } from '../core/types.js'
import { formatBytes, plural } from './format.js'

/** The package name, the prefix of every warning and error line. */
export const CLI_NAME = 'cloudflare-images'

/** Plain (non-TTY) progress prints at most one line per this interval, in milliseconds. */
export const PLAIN_PROGRESS_INTERVAL_MS = 5_000

/** A TTY progress line is redrawn at most once per this interval (in milliseconds), except for the final count. */
const TTY_REDRAW_INTERVAL_MS = 100

interface WritableText {
  write(text: string): unknown
  isTTY?: boolean
}

export interface OutputOptions {
  stdout?: WritableText
  stderr?: WritableText
  env?: NodeJS.ProcessEnv
  /** Print debug lines (retries, requests). */
  verbose?: boolean
  now?: () => number
}

export interface CliOutput {
  logger: Logger
  /** Writes one line of the command's result to stdout. */
  result(line: string): void
  /** Prints an error as one line prefixed with the package name. */
  error(message: string): void
  /** Feeds an uploader progress event to the progress display. */
  progress(event: ProgressEvent): void
  /** Clears a pending TTY progress line; call before the final report. */
  endProgress(): void
}

/** Decides colour for stderr: `NO_COLOR` turns it off, `FORCE_COLOR` on, else only on a TTY. */
function colorEnabled(stream: WritableText, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true
  return stream.isTTY === true && env.TERM !== 'dumb'
}

export function createOutput(options: OutputOptions = {}): CliOutput {
  const stdout = options.stdout ?? process.stdout
  const stderr = options.stderr ?? process.stderr
  const env = options.env ?? process.env
  const now = options.now ?? Date.now
  const colors = picocolors.createColors(colorEnabled(stderr, env))
  const interactive = stderr.isTTY === true

  const counters = { done: 0, toUpload: 0, uploaded: 0, present: 0, failed: 0, bytes: 0 }
  let progressShown = false
  let lastProgressAt = 0

  function clearProgressLine(): void {
    if (!progressShown) return
    stderr.write('\r\x1b[2K')
    progressShown = false
  }

  function writeLine(text: string): void {
    clearProgressLine()
    stderr.write(`${text}\n`)
  }

  function progressText(): string {
    const parts = [`${counters.done}/${counters.toUpload} done`, `${counters.uploaded} uploaded (${formatBytes(counters.bytes)})`]
    if (counters.present > 0) parts.push(`${counters.present} already in the account`)
    if (counters.failed > 0) parts.push(`${counters.failed} failed`)
    return parts.join(', ')
  }

  function showProgress(final: boolean): void {
    const at = now()
    if (interactive) {
      if (!final && progressShown && at - lastProgressAt < TTY_REDRAW_INTERVAL_MS) return
      stderr.write(`\r\x1b[2K${colors.dim('uploading')} ${progressText()}`)
      progressShown = true
      lastProgressAt = at
      return
    }
    // The summary reports the end, so plain output prints only the lines in between.
    if (final || at - lastProgressAt < PLAIN_PROGRESS_INTERVAL_MS) return
    stderr.write(`uploading: ${progressText()}\n`)
    lastProgressAt = at
  }

  const logger: Logger = {
    info: (message) => writeLine(message),
    warn: (message) => writeLine(`${colors.yellow(`${CLI_NAME}: warning:`)} ${message}`),
    error: (message) => writeLine(`${colors.red(`${CLI_NAME}:`)} ${message}`),
    debug: options.verbose ? (message) => writeLine(colors.dim(message)) : undefined,
  }

  return {
    logger,
    result(line) {
      clearProgressLine()
      stdout.write(`${line}\n`)
    },
    error(message) {
      logger.error(message)
    },
    progress(event) {
      switch (event.type) {
        case 'planned':
          counters.toUpload = event.toUpload
          if (event.toUpload > 0) {
            writeLine(`Uploading ${plural(event.toUpload, 'image')} (${formatBytes(event.bytesToUpload)}); ${event.known} already in the manifest.`)
            // The first plain progress line waits a full interval, so short runs print none.
            lastProgressAt = now()
          }
          return
        case 'uploaded':
          counters.uploaded += 1
          counters.bytes += event.bytes
          break
        case 'already-present':
          counters.present += 1
          break
        case 'failed':
          // Only counted, because the error that ends the command lists the failed files with their messages.
          counters.failed += 1
          break
        case 'retry':
          logger.debug?.(`retry ${event.attempt}${event.name ? ` for ${event.name}` : ''} in ${event.delayMs} ms: ${event.reason}`)
          return
      }
      counters.done = event.done
      counters.toUpload = event.toUpload
      showProgress(event.done === event.toUpload)
    },
    endProgress() {
      clearProgressLine()
    },
  }
}
