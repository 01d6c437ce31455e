#!/usr/bin/env node
import { cac } from 'cac'
import { joinNegativeValues, valueFlagsOf } from './argv.js'
import { registerEmulatorCommand } from './commands/emulator.js'
import { registerPruneCommand } from './commands/prune.js'
import { registerRewriteCommand } from './commands/rewrite.js'
import { registerStatusCommand } from './commands/status.js'
import { registerSyncCommand } from './commands/sync.js'
import { CliError, EXIT_CODES } from './errors.js'
import { CLI_NAME, createOutput } from './output.js'
import { readPackageVersion } from './version.js'

const cli = cac(CLI_NAME)

registerEmulatorCommand(cli)
registerSyncCommand(cli)
registerStatusCommand(cli)
registerRewriteCommand(cli)
registerPruneCommand(cli)

// Prints `cloudflare-images/<version> <platform> <node version>`, the format of cac-based tools such as Vite.
cli.version(readPackageVersion() ?? 'unknown')

// Appended to the help of every command that talks to Cloudflare, because each reads the same variables.
const ENVIRONMENT_SECTION = {
  title: 'Environment',
  body: [
    '  CLOUDFLARE_ACCOUNT_ID            Account ID (or --account-id)',
    '  CLOUDFLARE_API_TOKEN             API token with the Images edit permission; no flag, so it stays out of shell history',
    '  CLOUDFLARE_API_BASE_URL          API base URL (or --api-url)',
    '  CLOUDFLARE_IMAGES_ACCOUNT_HASH   Account hash of delivery URLs (or --account-hash)',
    '  CLOUDFLARE_IMAGES_DELIVERY_URL   Delivery origin or custom domain (or --delivery-url)',
    '  NO_COLOR, FORCE_COLOR            Turn colour off or on',
  ].join('\n'),
}

const EXIT_CODES_SECTION = {
  title: 'Exit codes',
  body: [
    `  ${EXIT_CODES.ok}  success`,
    `  ${EXIT_CODES.failure}  the operation failed (API error, upload failure, preflight failure in status)`,
    `  ${EXIT_CODES.usage}  invalid command line or setting`,
    `  ${EXIT_CODES.missingCredentials}  CLOUDFLARE_ACCOUNT_ID or CLOUDFLARE_API_TOKEN missing`,
    `  ${EXIT_CODES.verifyMismatch}  sync --verify found the manifest and the account out of step`,
  ].join('\n'),
}

// The emulator reads no CLOUDFLARE_* variable and needs no credentials, so its help has its own codes.
const EMULATOR_EXIT_CODES_SECTION = {
  title: 'Exit codes',
  body: [
    `  ${EXIT_CODES.ok}  stopped by SIGINT (Ctrl+C) or SIGTERM`,
    `  ${EXIT_CODES.failure}  the server could not start, for example because the port is in use`,
    `  ${EXIT_CODES.usage}  invalid command line, such as a --host that is not a loopback address`,
  ].join('\n'),
}

cli.help((sections) => {
  if (cli.matchedCommand?.name === 'emulator') return [...sections, EMULATOR_EXIT_CODES_SECTION]
  return [...sections, ENVIRONMENT_SECTION, EXIT_CODES_SECTION]
})

/** Maps a thrown value to its exit code and prints it as one line on stderr. */
function reportError(error: unknown): number {
  const output = createOutput()
  const message = error instanceof Error ? error.message : String(error)

  // cac raises CACError for an unknown option, a missing argument or a missing option value.
  if (error instanceof Error && error.name === 'CACError') {
    const helpCommand = cli.matchedCommandName === undefined ? CLI_NAME : `${CLI_NAME} ${cli.matchedCommandName}`
    output.error(`${message}. Run \`${helpCommand} --help\` for the options.`)
    return EXIT_CODES.usage
  }
  if (error instanceof CliError) {
    output.error(message)
    return error.exitCode
  }
  output.error(message)
  return EXIT_CODES.failure
}

async function main(): Promise<number> {
  cli.parse(joinNegativeValues(process.argv, valueFlagsOf(cli)), { run: false })

  // cac printed the help already and matched no command.
  if (cli.options.help === true) return EXIT_CODES.ok

  // cac prints the version only when no command matched, so `sync --version` is handled here.
  if (cli.options.version === true) {
    if (cli.matchedCommand !== undefined) cli.outputVersion()
    return EXIT_CODES.ok
  }

  if (cli.matchedCommand === undefined) {
    const [unknownCommand] = cli.args
    if (unknownCommand !== undefined) {
      createOutput().error(`Unknown command ${JSON.stringify(unknownCommand)}. Run \`${CLI_NAME} --help\` for the list of commands.`)
      return EXIT_CODES.usage
    }
    cli.outputHelp()
    return EXIT_CODES.ok
  }

  const exitCode: unknown = await cli.runMatchedCommand()
  return typeof exitCode === 'number' ? exitCode : EXIT_CODES.ok
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode
  },
  (error: unknown) => {
    process.exitCode = reportError(error)
  },
)
