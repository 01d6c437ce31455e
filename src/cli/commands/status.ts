import { lstat } from 'node:fs/promises'
import path from 'node:path'
import type { CAC } from 'cac'
import fg from 'fast-glob'
import { DEFAULT_ID_PREFIX, planUploads, type UploadPlan } from '../../core/index.js'
import type { ImageSource } from '../../core/types.js'
import { addSharedOptions, parseIdPrefix, requireAccountId, resolveSettings, stringFlag, type SharedFlags } from '../context.js'
import { EXIT_CODES } from '../errors.js'
import { checkFolderArgument } from '../folder.js'
import { formatBytes, plural } from '../format.js'
import { createOutput, type CliOutput } from '../output.js'
import { loadManifestForDryRun } from '../read-manifest.js'
import { checkFiles } from '../../rewrite/site.js'

interface StatusFlags extends SharedFlags {
  json?: unknown
  idPrefix?: unknown
}

/**
 * Extensions `status` collects, matched case-insensitively; preflight then judges the bytes.
 * AVIF is left out because the plugins keep it local (Cloudflare accepts it only on Enterprise plans).
 */
const IMAGE_GLOB = '**/*.{png,jpg,jpeg,gif,webp,svg,heic}'

/** Folders never searched: dependencies and version control data. */
const IGNORED_FOLDERS = ['**/node_modules/**', '**/.git/**']

/**
 * The build output folder of Vite, Rollup and Astro. Directly below the folder checked, it contains
 * copies of the source images, so counting it would list each image twice. Passing it as the
 * folder checks it.
 */
const BUILD_OUTPUT_FOLDER = 'dist'

/** Files listed one per line before the rest are only counted. */
const MAX_LISTED_FILES = 50

interface FoundImages {
  sources: ImageSource[]
  /** Symbolic links (relative paths) whose target is outside the folder, which are never read. */
  outsideLinks: string[]
  /** Folders (relative paths) left out of the search because they contain the build output. */
  skippedFolders: string[]
}

async function isFolder(folder: string): Promise<boolean> {
  const info = await lstat(folder).catch(() => undefined)
  return info?.isDirectory() === true
}

/**
 * Lists the image files below `dir`. Symbolic links to folders are not followed, so a link loop
 * cannot make the search run forever. A symbolic link to a file counts only when its real path is
 * inside `dir`.
 */
async function findImages(dir: string): Promise<FoundImages> {
  const realDir = await checkFolderArgument(dir, 'cloudflare-images status public')
  const skippedFolders = (await isFolder(path.join(dir, BUILD_OUTPUT_FOLDER))) ? [BUILD_OUTPUT_FOLDER] : []
  const ignore = [...IGNORED_FOLDERS, ...skippedFolders.map((folder) => `${folder}/**`)]

  const entries = await fg(IMAGE_GLOB, { cwd: dir, caseSensitiveMatch: false, ignore, onlyFiles: false, followSymbolicLinks: false, objectMode: true })
  const files = entries.filter((entry) => entry.dirent.isFile()).map((entry) => entry.path)
  const links = entries.filter((entry) => entry.dirent.isSymbolicLink()).map((entry) => entry.path)

  // A link to a folder, or a broken link, is not an image file, so it is left out like a folder.
  const linkStates = await checkFiles(links.map((link) => path.join(dir, link)), realDir)
  const outsideLinks = links.filter((link) => linkStates.get(path.join(dir, link)) === 'outside')
  files.push(...links.filter((link) => linkStates.get(path.join(dir, link)) === 'file'))

  return {
    sources: files.sort().map((file) => ({ name: file, path: path.join(dir, file) })),
    outsideLinks: outsideLinks.sort(),
    skippedFolders,
  }
}

function printList(output: CliOutput, lines: readonly string[]): void {
  for (const line of lines.slice(0, MAX_LISTED_FILES)) output.result(`  ${line}`)
  if (lines.length > MAX_LISTED_FILES) output.result(`  ... and ${lines.length - MAX_LISTED_FILES} more`)
}

function printSkipped(output: CliOutput, dir: string, found: FoundImages): void {
  for (const folder of found.skippedFolders) {
    const argument = path.relative(process.cwd(), path.join(dir, folder))
    output.result(`Skipped ${folder}/, the build output; run \`cloudflare-images status ${argument}\` to check it.`)
  }
  if (found.outsideLinks.length > 0) {
    output.result(`Skipped ${plural(found.outsideLinks.length, 'symbolic link')} with a target outside the folder (not read):`)
    printList(output, found.outsideLinks)
  }
}

function printPlan(output: CliOutput, plan: UploadPlan): void {
  output.result(`${plural(plan.total, 'image')} (${plan.unique} distinct): ${plan.known} already uploaded according to the manifest.`)
  output.result(`Would upload ${plural(plan.toUpload.length, 'image')} (${formatBytes(plan.bytesToUpload)})${plan.toUpload.length > 0 ? ':' : '.'}`)
  printList(output, plan.toUpload.map((image) => `${image.name} (${formatBytes(image.bytes)})`))
  if (plan.failures.length > 0) {
    output.result(`${plural(plan.failures.length, 'image')} would fail before upload:`)
    printList(output, plan.failures.map((failure) => failure.error.message))
  }
}

/** Builds the `--json` document; scripts rely on its field names. */
function planJson(dir: string, manifestPath: string, plan: UploadPlan, found: FoundImages): unknown {
  return {
    dir,
    manifest: manifestPath,
    images: plan.total,
    unique: plan.unique,
    known: plan.known,
    toUpload: plan.toUpload.map((image) => ({ file: image.name, id: image.id, sha256: image.sha256, bytes: image.bytes, format: image.format })),
    bytesToUpload: plan.bytesToUpload,
    failures: plan.failures.map((failure) => ({ file: failure.file, code: failure.code ?? null, message: failure.error.message })),
    outsideLinks: found.outsideLinks,
    skippedFolders: found.skippedFolders,
  }
}

export function registerStatusCommand(cli: CAC): void {
  const command = cli
    .command('status [dir]', 'Dry run over the images in a folder: what would be uploaded, what is known, what fails preflight (no requests, no writes)')
    .option('--json', 'Print the result as one JSON document on stdout')
    .option('--id-prefix <prefix>', `Prefix of every image ID; use the build plugin's idPrefix (default: ${DEFAULT_ID_PREFIX})`)
    .example((name) => `  $ ${name} status public --json`)
  addSharedOptions(command).action(async (dirArgument: string | undefined, flags: StatusFlags) => {
    const settings = resolveSettings(flags)
    const output = createOutput({ verbose: settings.verbose })
    // The manifest is keyed by account, so the account ID is needed; the token is not.
    const accountId = requireAccountId(settings)
    const idPrefix = parseIdPrefix(stringFlag(flags.idPrefix, '--id-prefix') ?? DEFAULT_ID_PREFIX)
    const dir = path.resolve(dirArgument === undefined ? '.' : String(dirArgument))

    const found = await findImages(dir)
    const manifest = await loadManifestForDryRun(settings.manifestPath, output)
    const plan = await planUploads(found.sources, { accountId, manifestPath: settings.manifestPath, manifest, idPrefix, logger: output.logger })

    if (flags.json === true) {
      output.result(JSON.stringify(planJson(dir, settings.manifestPath, plan, found), null, 2))
    } else {
      printSkipped(output, dir, found)
      printPlan(output, plan)
    }
    // Like a linter, a preflight failure makes the exit code non-zero so CI can stop early.
    return plan.failures.length > 0 ? EXIT_CODES.failure : EXIT_CODES.ok
  })
}
