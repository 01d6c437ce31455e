import type { ProgressEvent, UploadSummary } from '../core/index.js'

/** Destination of plain progress lines: Vite's logger, wrapped by the plugin. */
export interface ProgressOutput {
  info(message: string): void
}

/** The part of a TTY write stream (`process.stdout`) that draws a line in place. */
export interface ProgressTerminal {
  clearLine(direction: 0): boolean
  cursorTo(x: number): boolean
  write(text: string): boolean
}

// A plain line at every quarter of the work, for logs in CI. Small jobs get only the summary.
const MILESTONES = [0.25, 0.5, 0.75]
const MIN_UPLOADS_FOR_PROGRESS = 20

/**
 * Turns the uploader's progress events into the `onProgress` callback. With a terminal, one line
 * is redrawn in place after every upload and cleared when the last one finishes, like Vite's own
 * "transforming" line. Without one, plain lines go through the logger: one at each quarter of a
 * job of 20 uploads or more.
 */
export function createProgressReporter(output: ProgressOutput, terminal?: ProgressTerminal): (event: ProgressEvent) => void {
  let nextMilestone = 0

  return (event) => {
    if (event.type === 'uploaded' || event.type === 'already-present' || event.type === 'failed') {
      if (terminal !== undefined) {
        terminal.clearLine(0)
        terminal.cursorTo(0)
        if (event.done < event.toUpload) terminal.write(`uploading images: ${event.done}/${event.toUpload}`)
        return
      }

      if (event.toUpload < MIN_UPLOADS_FOR_PROGRESS) return

      const threshold = MILESTONES[nextMilestone]
      if (threshold === undefined || event.done < event.toUpload * threshold) return
      nextMilestone += 1
      output.info(`uploading images: ${event.done}/${event.toUpload}`)
    }
  }
}

/** Formats the line that ends the upload step, e.g. `12 images: 3 uploaded (1.2 MB), 9 cached, 0 failed in 0.8 s`. */
export function formatSummary(summary: UploadSummary): string {
  const cached = summary.known + summary.alreadyPresent
  const images = `${summary.unique} ${summary.unique === 1 ? 'image' : 'images'}`
  const uploaded = `${summary.uploaded} uploaded (${formatBytes(summary.uploadedBytes)})`
  const seconds = (summary.durationMs / 1000).toFixed(1)
  return `${images}: ${uploaded}, ${cached} cached, ${summary.failed} failed in ${seconds} s`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`
  return `${(bytes / 1_000_000).toFixed(1)} MB`
}
