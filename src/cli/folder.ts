import { realpath, stat } from 'node:fs/promises'
import { CliError, EXIT_CODES, usageError } from './errors.js'

/**
 * Checks the folder argument of `status` or `rewrite` and returns its real path. A missing folder
 * is a failure (exit code 1), because it is often a build that has not run yet. A file is a usage
 * error (exit code 2).
 */
export async function checkFolderArgument(dir: string, example: string): Promise<string> {
  const info = await stat(dir).catch(() => undefined)
  if (info === undefined) {
    throw new CliError(`Folder not found: ${dir}. Pass an existing folder, such as \`${example}\`.`, 'CLI_FAILURE', EXIT_CODES.failure)
  }
  if (!info.isDirectory()) {
    throw usageError(`Invalid folder ${dir}: it is a file, and a folder is expected. Pass a folder, such as \`${example}\`.`)
  }
  return realpath(dir)
}
