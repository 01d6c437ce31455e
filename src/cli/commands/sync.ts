import type { CAC } from 'cac'
import { syncManifest, type SyncedImage, type SyncResult } from '../../core/index.js'
import { createApiClient } from '../api-client.js'
import { addSharedOptions, parseIdPrefix, resolveSettings, stringFlag, type SharedFlags } from '../context.js'
import { EXIT_CODES } from '../errors.js'
import { plural } from '../format.js'
import { createOutput, type CliOutput } from '../output.js'

interface SyncFlags extends SharedFlags {
  verify?: unknown
  idPrefix?: unknown
}

/** Images listed one per line before the rest are only counted. */
const MAX_LISTED_IMAGES = 20

function printImages(output: CliOutput, title: string, images: readonly SyncedImage[]): void {
  if (images.length === 0) return
  output.result(title)
  for (const image of images.slice(0, MAX_LISTED_IMAGES)) output.result(`  ${image.id}  ${image.file}`)
  if (images.length > MAX_LISTED_IMAGES) output.result(`  ... and ${images.length - MAX_LISTED_IMAGES} more`)
}

function printResult(output: CliOutput, result: SyncResult, manifestPath: string): void {
  output.result(
    `Listed ${plural(result.remoteImages, 'image')} in ${plural(result.requests, 'request')}; ` +
      `${result.foreign} without this tool's metadata were left alone.`,
  )
  if (result.mode === 'rebuild') {
    output.result(`Manifest ${manifestPath}: ${result.added} added, ${result.removed} removed.`)
  }

  const verb = (count: number): string => {
    if (result.mode === 'rebuild') return count === 1 ? 'was' : 'were'
    return count === 1 ? 'is' : 'are'
  }
  const missing = result.missingRemotely.length
  const unknown = result.unknownLocally.length
  printImages(output, `${plural(missing, 'manifest entry', 'manifest entries')} ${verb(missing)} missing from the account:`, result.missingRemotely)
  printImages(output, `${plural(unknown, 'image')} of this tool ${verb(unknown)} unknown to the manifest:`, result.unknownLocally)
  if (result.incomplete > 0) {
    output.result(`${plural(result.incomplete, 'image')} of this tool lack size or format in their metadata, so no manifest entry could be built for them.`)
  }
}

export function registerSyncCommand(cli: CAC): void {
  const command = cli
    .command('sync', 'Rebuild the manifest from the images this tool uploaded to the account, or compare the two with --verify')
    .option('--verify', `Compare only; write nothing. Exits with ${EXIT_CODES.verifyMismatch} when the manifest and the account differ`)
    .option('--id-prefix <prefix>', 'When one image was uploaded under several IDs, record the ID with this prefix')
    .example((name) => `  $ ${name} sync`)
    .example((name) => `  $ ${name} sync --verify --manifest site/cloudflare-images.manifest.json`)
  addSharedOptions(command).action(async (flags: SyncFlags) => {
    const settings = resolveSettings(flags)
    const output = createOutput({ verbose: settings.verbose })
    const idPrefixFlag = stringFlag(flags.idPrefix, '--id-prefix')
    const idPrefix = idPrefixFlag === undefined ? undefined : parseIdPrefix(idPrefixFlag)
    const { api, accountId } = createApiClient(settings, output)

    try {
      const result = await syncManifest({
        api,
        accountId,
        manifestPath: settings.manifestPath,
        mode: flags.verify === true ? 'verify' : 'rebuild',
        logger: output.logger,
        ...(idPrefix === undefined ? {} : { idPrefix }),
      })
      printResult(output, result, settings.manifestPath)

      const differs = result.missingRemotely.length > 0 || result.unknownLocally.length > 0
      if (result.mode === 'verify' && differs) {
        output.error(`The manifest differs from the account. Run \`cloudflare-images sync\` to rebuild it.`)
        return EXIT_CODES.verifyMismatch
      }
      return EXIT_CODES.ok
    } finally {
      await api.close()
    }
  })
}
