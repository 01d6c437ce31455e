import type { CAC } from 'cac'

const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/

/** Returns the long flags (`--older-than`) that take a value in any command or globally. */
export function valueFlagsOf(cli: CAC): Set<string> {
  const flags = new Set<string>()
  for (const command of [cli.globalCommand, ...cli.commands]) {
    for (const option of command.options) {
      if (option.isBoolean === true) continue
      for (const part of option.rawName.split(/[\s,]+/)) {
        if (part.startsWith('--')) flags.add(part)
      }
    }
  }
  return flags
}

/**
 * Joins a negative number to the value flag before it (`--older-than -1` becomes
 * `--older-than=-1`). The option parser (mri) reads `-1` as a short flag, so without this the
 * user sees "Unknown option `-1`" in place of the command's own message about the value.
 */
export function joinNegativeValues(argv: readonly string[], valueFlags: ReadonlySet<string>): string[] {
  const joined: string[] = []
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!
    const next = argv[index + 1]
    if (argument === '--') {
      joined.push(...argv.slice(index))
      break
    }
    if (valueFlags.has(argument) && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${argument}=${next}`)
      index += 1
      continue
    }
    joined.push(argument)
  }
  return joined
}
