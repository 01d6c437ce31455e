import type { UploadFailure } from './errors.js'

/** Failures listed one per line in the error message; the rest are counted (all are in `failures`). */
export const MAX_LISTED_FAILURES = 50

function byFile(a: UploadFailure, b: UploadFailure): number {
  if (a.file === b.file) return 0
  return a.file < b.file ? -1 : 1
}

function describeFailure(failure: UploadFailure): string {
  const message = failure.error.message
  // Preflight messages already start with the file name.
  const text = message.startsWith(`${failure.file}:`) ? message : `${failure.file}: ${message}`
  const unnamedCodes = failure.cloudflareCodes.filter((code) => !message.includes(String(code)))
  return unnamedCodes.length === 0 ? text : `${text} (Cloudflare error codes: ${unnamedCodes.join(', ')})`
}

/** Builds the message of `UploadFailedError`: every failed file (sorted by name) with its error and Cloudflare codes. */
export function formatUploadFailures(failures: readonly UploadFailure[], unique: number, succeeded: number): string {
  const sorted = [...failures].sort(byFile)
  const lines = sorted.slice(0, MAX_LISTED_FAILURES).map((failure) => `  - ${describeFailure(failure)}`)

  const images = unique === 1 ? 'image' : 'images'
  const recorded =
    succeeded === 0
      ? 'None of these images is on Cloudflare yet. Fix the errors above and run again.'
      : `The manifest records the ${succeeded} ${succeeded === 1 ? 'image that is' : 'images that are'} on Cloudflare. ` +
        'Fix the errors above and run again to upload the rest.'
  if (failures.length > MAX_LISTED_FAILURES) {
    lines.push(`  ... and ${failures.length - MAX_LISTED_FAILURES} more, listed in the error's failures array.`)
  }
  return [`${failures.length} of ${unique} ${images} could not be uploaded to Cloudflare Images:`, ...lines, recorded].join('\n')
}
