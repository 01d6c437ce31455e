import path from 'node:path'
import type { CAC } from 'cac'
import type { Logger } from '../../api/types.js'
import type { ManifestEntry, UploadSummary } from '../../core/types.js'
import {
  buildDeliveryUrl,
  DEFAULT_CONCURRENCY,
  DEFAULT_ID_PREFIX,
  isVariantText,
  parseVariant,
  planUploads,
  uploadImages,
  VARIANT_EXPECTED,
} from '../../core/index.js'
import { rewriteSite } from '../../rewrite/index.js'
import { resolveAccountHash } from '../account-hash.js'
import { createApiClient } from '../api-client.js'
import { addSharedOptions, parseIdPrefix, resolveSettings, stringFlag, type Settings, type SharedFlags } from '../context.js'
import { EXIT_CODES, usageError } from '../errors.js'
import { formatBytes, formatDuration, plural } from '../format.js'
import { checkFolderArgument } from '../folder.js'
import { createOutput, type CliOutput } from '../output.js'
import { loadManifestForDryRun } from '../read-manifest.js'

interface RewriteFlags extends SharedFlags {
  base?: unknown
  deleteLocal?: unknown
  dryRun?: unknown
  variant?: unknown
  concurrency?: unknown
  idPrefix?: unknown
}

/** The options of `rewriteSite` that a real run and a dry run share. */
interface SiteOptions {
  dir: string
  deleteLocal: boolean
  logger: Logger
  base?: string
}

function parseConcurrency(value: unknown): number {
  if (value === undefined) return DEFAULT_CONCURRENCY
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw usageError(`Invalid --concurrency ${JSON.stringify(value)}: expected a whole number of uploads, 1 or more.`)
  }
  return value
}

function parseVariantFlag(value: string | undefined): string {
  const text = value ?? 'public'
  if (!isVariantText(text)) throw usageError(`Invalid --variant ${JSON.stringify(text)}: expected ${VARIANT_EXPECTED}.`)
  return text
}

function summaryLine(summary: UploadSummary): string {
  const parts = [
    `${plural(summary.unique, 'image')}`,
    `${summary.uploaded} uploaded (${formatBytes(summary.uploadedBytes)})`,
    `${summary.known} already in the manifest`,
  ]
  if (summary.alreadyPresent > 0) parts.push(`${summary.alreadyPresent} already in the account`)
  if (summary.retried > 0) parts.push(`${plural(summary.retried, 'retry', 'retries')}`)
  return `${parts.join(', ')} in ${formatDuration(summary.durationMs)}.`
}

/**
 * Prints what `rewrite` would do. It uploads nothing and writes nothing, so it needs no token.
 * With an account ID it also reads the manifest to tell new images from uploaded ones.
 */
async function runDryRun(dir: string, common: SiteOptions, settings: Settings, idPrefix: string, output: CliOutput): Promise<number> {
  const report = await rewriteSite({
    ...common,
    dryRun: true,
    upload: async () => new Map(),
    deliveryUrlFor: () => {
      throw new Error('Internal error: a dry run built a delivery URL.')
    },
  })

  output.result(`Would rewrite ${report.rewritten} of ${plural(report.references, 'image reference')} in ${report.filesChanged.length} of ${plural(report.filesScanned, 'file')}${report.filesChanged.length > 0 ? ':' : '.'}`)
  for (const file of report.filesChanged) output.result(`  ${file}`)
  if (common.deleteLocal) output.result(`Would delete ${plural(report.deleted.length, 'local copy', 'local copies')}.`)

  if (settings.accountId === undefined) {
    output.result(`${plural(report.images.length, 'image')} (${report.uniqueContents} distinct) to upload or confirm; set CLOUDFLARE_ACCOUNT_ID to see which the manifest already has.`)
    return EXIT_CODES.ok
  }
  const sources = report.images.map((name) => ({ name, path: path.join(path.resolve(dir), name) }))
  const manifest = await loadManifestForDryRun(settings.manifestPath, output)
  const plan = await planUploads(sources, { accountId: settings.accountId, manifestPath: settings.manifestPath, manifest, idPrefix, logger: output.logger })
  output.result(
    `Would upload ${plural(plan.toUpload.length, 'image')} (${formatBytes(plan.bytesToUpload)}); ${plan.known} already in the manifest; ${plan.failures.length} would fail preflight.`,
  )
  for (const failure of plan.failures) output.result(`  ${failure.error.message}`)
  return EXIT_CODES.ok
}

async function runRewrite(dir: string, flags: RewriteFlags, settings: Settings, output: CliOutput): Promise<number> {
  const base = stringFlag(flags.base, '--base')
  const variant = parseVariantFlag(stringFlag(flags.variant, '--variant'))
  const concurrency = parseConcurrency(flags.concurrency)
  const idPrefix = parseIdPrefix(stringFlag(flags.idPrefix, '--id-prefix') ?? DEFAULT_ID_PREFIX)
  const dryRun = flags.dryRun === true
  const common: SiteOptions = { dir, deleteLocal: flags.deleteLocal === true, logger: output.logger, ...(base === undefined ? {} : { base }) }

  if (dryRun) return runDryRun(dir, common, settings, idPrefix, output)

  const { api, accountId } = createApiClient(settings, output)
  let accountHash = ''
  let summary: UploadSummary | undefined
  try {
    const report = await rewriteSite({
      ...common,
      upload: async (sources) => {
        const result = await uploadImages(sources, {
          api,
          accountId,
          manifestPath: settings.manifestPath,
          idPrefix,
          concurrency,
          logger: output.logger,
          onProgress: (event) => output.progress(event),
        })
        output.endProgress()
        summary = result.summary
        // After the uploads, so that on an account without images yet the hash comes from their responses.
        accountHash = await resolveAccountHash({ configured: settings.accountHash, api, accountId, manifestPath: settings.manifestPath, logger: output.logger })
        return new Map<string, ManifestEntry>(result.images.map((image) => [image.sha256, image.entry]))
      },
      deliveryUrlFor: (entry, elementVariant) =>
        buildDeliveryUrl({ deliveryUrl: settings.deliveryUrl, accountHash, id: entry.id, variant: parseVariant(elementVariant ?? variant) }),
    })

    if (summary !== undefined) output.result(`Uploads: ${summaryLine(summary)}`)
    output.result(
      `Rewrote ${report.rewritten} of ${plural(report.references, 'image reference')} in ${report.filesChanged.length} of ${plural(report.filesScanned, 'file')}; ` +
        `deleted ${plural(report.deleted.length, 'local copy', 'local copies')}.`,
    )
    return EXIT_CODES.ok
  } finally {
    output.endProgress()
    await api.close()
  }
}

export function registerRewriteCommand(cli: CAC): void {
  const command = cli
    .command('rewrite <dir>', 'Upload the images a built site references and rewrite its HTML and CSS to delivery URLs')
    .option('--base <path>', 'Public path the site is served under, such as /docs/ (default: /)')
    .option('--delete-local', 'Delete from <dir> each image that is on Cloudflare (uploaded now or already in the manifest) unless a file of the site still names it')
    .option('--dry-run', 'Print what would be uploaded and changed; upload nothing, write nothing (needs no credentials)')
    .option('--variant <variant>', 'Variant of every delivery URL: a name, or flexible options such as w=400,q=80 (default: public)')
    .option('--concurrency <count>', `Uploads in flight at once (default: ${DEFAULT_CONCURRENCY})`)
    .option('--id-prefix <prefix>', `Prefix of every image ID; use the build plugin's idPrefix (default: ${DEFAULT_ID_PREFIX})`)
    .example((name) => `  $ ${name} rewrite dist --delete-local`)
    .example((name) => `  $ ${name} rewrite docs/.vitepress/dist --base /docs/ --dry-run`)
  addSharedOptions(command).action(async (dir: string, flags: RewriteFlags) => {
    const settings = resolveSettings(flags)
    await checkFolderArgument(String(dir), 'cloudflare-images rewrite dist')
    return runRewrite(String(dir), flags, settings, createOutput({ verbose: settings.verbose }))
  })
}
