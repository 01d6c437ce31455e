// Exit codes and the error type every command throws for an expected failure.

/** Process exit codes of `cloudflare-images`, documented in the README. */
export const EXIT_CODES = Object.freeze({
  ok: 0,
  /** The operation failed: an API error, an upload failure, an unreadable folder. */
  failure: 1,
  /** Invalid command line: unknown option, missing argument, invalid value. */
  usage: 2,
  /** `CLOUDFLARE_ACCOUNT_ID` or `CLOUDFLARE_API_TOKEN` is missing. */
  missingCredentials: 3,
  /** `sync --verify` found the manifest and the account out of step. */
  verifyMismatch: 4,
})

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES]

export type CliErrorCode = 'CLI_USAGE' | 'CLI_MISSING_CREDENTIALS' | 'CLI_FAILURE' | 'CLI_VERIFY_MISMATCH'

/** An expected failure: the entry point prints its message as one line and exits with `exitCode`. */
export class CliError extends Error {
  override name = 'CliError'
  readonly code: CliErrorCode
  readonly exitCode: ExitCode

  constructor(message: string, code: CliErrorCode, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.exitCode = exitCode
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, 'CLI_USAGE', EXIT_CODES.usage)
}
