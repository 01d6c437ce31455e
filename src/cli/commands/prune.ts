import { readFile } from 'node:fs/promises'
import type { CAC } from 'cac'
import {
  applyPrune,
  DEFAULT_PRUNE_MIN_AGE_DAYS,
  Manifest,
  planPrune,
  stringsInManifestText,
  type ManifestLoadIssue,
  type PruneCandidate,
} from '../../core/index.js'
import { createApiClient } from '../api-client.js'
import { addSharedOptions, parseIdPrefix, requireCredentials, resolveSettings, stringFlag, type SharedFlags } from '../context.js'
import { CliError, EXIT_CODES, usageError } from '../errors.js'
import { plural } from '../format.js'
import { createOutput, type CliOutput } from '../output.js'

interface PruneFlags extends SharedFlags {
  olderThan?: unknown
  idPrefix?: unknown
  yes?: unknown
}

/** Candidates listed one per line before the rest are only counted. */
const MAX_LISTED_CANDIDATES = 50

function parseDays(value: unknown): number {
  if (value === undefined) return DEFAULT_PRUNE_MIN_AGE_DAYS
  const days = typeof value === 'number' ? value : Number(value)
  if (typeof value === 'boolean' || !Number.isFinite(days) || days < 0) {
    throw usageError(`Invalid --older-than ${JSON.stringify(value)}: expected a number of days, 0 or more, such as --older-than 30.`)
  }
  return days
}

/** Explains why prune cannot trust a manifest that did not load completely, and what to run instead. */
function incompleteManifestError(manifestPath: string, issue: ManifestLoadIssue): CliError {
  let problem: string
  let fix: string
  if (issue.kind === 'newer-version') {
    problem = `has format version ${issue.version}, written by a newer vite-plugin-cloudflare-images`
    fix = 'Upgrade vite-plugin-cloudflare-images and run prune with the new version.'
  } else if (issue.kind === 'dropped-entries') {
    problem = `has ${plural(issue.count, 'invalid entry', 'invalid entries')}, whose images may still be in use`
    fix = 'Run `cloudflare-images sync` to rebuild the manifest (or a build of the site), then run prune again.'
  } else {
    problem = `could not be used (${issue.reason})`
    fix = 'Run `cloudflare-images sync` to rebuild the manifest (or a build of the site), then run prune again.'
  }
  return new CliError(`Prune stopped without deleting anything: the manifest ${manifestPath} ${problem}. ${fix}`, 'CLI_FAILURE', EXIT_CODES.failure)
}

/**
 * Reads the IDs that the manifest references. Every string in the file counts, not only the
 * entries that loaded, so an image is kept whenever its ID appears anywhere in the file.
 */
async function readReferencedIds(manifestPath: string, accountId: string, output: CliOutput): Promise<Set<string>> {
  const manifest = await Manifest.load(manifestPath, { logger: output.logger, readOnly: true })
  const loadedIds = [...manifest.images(accountId).values()].map((entry) => entry.id)
  await manifest.close()
  if (manifest.loadIssue !== undefined) throw incompleteManifestError(manifestPath, manifest.loadIssue)

  // An empty or missing manifest references nothing, so every image of this tool would go.
  if (loadedIds.length === 0) {
    throw new CliError(
      `The manifest ${manifestPath} has no images for this account, so prune would delete every image this tool uploaded. Check --manifest, or run \`cloudflare-images sync\` to rebuild the manifest first.`,
      'CLI_FAILURE',
      EXIT_CODES.failure,
    )
  }

  const referencedIds = new Set(loadedIds)
  for (const text of stringsInManifestText(await readFile(manifestPath, 'utf8'))) referencedIds.add(text)
  return referencedIds
}

function describeCandidate(candidate: PruneCandidate): string {
  return `  ${candidate.id}  ${candidate.uploaded}  ${candidate.file}`
}

function printPlan(output: CliOutput, candidates: readonly PruneCandidate[]): void {
  for (const candidate of candidates.slice(0, MAX_LISTED_CANDIDATES)) output.result(describeCandidate(candidate))
  if (candidates.length > MAX_LISTED_CANDIDATES) {
    output.result(`  ... and ${candidates.length - MAX_LISTED_CANDIDATES} more`)
  }
}

export function registerPruneCommand(cli: CAC): void {
  const command = cli
    .command('prune', 'Delete images this tool uploaded that the manifest no longer references (a plan unless --yes)')
    .option('--older-than <days>', `Only images uploaded at least this many days ago (default: ${DEFAULT_PRUNE_MIN_AGE_DAYS})`)
    .option('--id-prefix <prefix>', 'Only images whose ID starts with this prefix, such as the idPrefix of one site')
    .option('--yes', 'Delete the planned images; without it, prune only prints the plan')
    .example((name) => `  $ ${name} prune --older-than 90`)
    .example((name) => `  $ ${name} prune --older-than 90 --yes`)
  addSharedOptions(command).action(async (flags: PruneFlags) => {
    const settings = resolveSettings(flags)
    const output = createOutput({ verbose: settings.verbose })
    const minAgeDays = parseDays(flags.olderThan)
    const idPrefixFlag = stringFlag(flags.idPrefix, '--id-prefix')
    const idPrefix = idPrefixFlag === undefined ? undefined : parseIdPrefix(idPrefixFlag)
    const { accountId } = requireCredentials(settings)

    const referencedIds = await readReferencedIds(settings.manifestPath, accountId, output)

    const { api } = createApiClient(settings, output)
    try {
      const plan = await planPrune({ api, referencedIds, minAgeDays, ...(idPrefix === undefined ? {} : { idPrefix }) })
      output.logger.info(
        `Listed ${plural(plan.listed, 'image')} in ${plural(plan.requests, 'request')}: ${plan.referenced} referenced by the manifest, ` +
          `${plan.tooRecent} unreferenced but younger than ${minAgeDays} days, ${plan.foreign} not uploaded by this tool` +
          (idPrefix === undefined ? '.' : `, ${plan.otherPrefix} outside the prefix ${idPrefix}.`),
      )

      if (plan.candidates.length === 0) {
        output.result('Nothing to prune.')
        return EXIT_CODES.ok
      }
      if (flags.yes !== true) {
        output.result(`Would delete ${plural(plan.candidates.length, 'image')} (run again with --yes to delete):`)
        printPlan(output, plan.candidates)
        return EXIT_CODES.ok
      }

      const { deleted, failures } = await applyPrune({ api, candidates: plan.candidates })
      output.result(`Deleted ${plural(deleted.length, 'image')}.`)
      if (failures.length > 0) {
        for (const failure of failures) output.error(`could not delete ${failure.id}: ${failure.error.message}`)
        throw new CliError(`Failed to delete ${plural(failures.length, 'image')}; run prune again to retry them.`, 'CLI_FAILURE', EXIT_CODES.failure)
      }
      return EXIT_CODES.ok
    } finally {
      await api.close()
    }
  })
}
