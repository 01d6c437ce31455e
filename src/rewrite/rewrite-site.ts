import { readFile, realpath, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { createFilter } from '@rollup/pluginutils'
import pLimit from 'p-limit'
import type { Logger } from '../api/types.js'
import { writeFileAtomic } from '../core/atomic-write.js'
import { PreflightError } from '../core/errors.js'
import { sha256File } from '../core/hash.js'
import { inspectImage } from '../core/preflight.js'
import type { ImageSource, ManifestEntry } from '../core/types.js'
import type { UrlOccurrence } from '../html/index.js'
import { decide, describeIssue, localImagePath, type DecideContext, type FileState } from './decide.js'
import { toSiteName, type SiteDocument } from './documents.js'
import { RewriteError } from './errors.js'
import { documentFolder, normalizeBase } from './resolve.js'
import { checkFiles, listSiteFiles, loadSiteDocuments, REFERENCING_FILES } from './site.js'
import { findStillNamed, type SiteText } from './still-named.js'
import type { ReferenceIssue, ReferenceIssueReason, RewriteOptions, RewriteReport } from './types.js'

// Files hashed or inspected at once.
const FILE_CONCURRENCY = 8

// Warnings logged per run before the rest are only counted.
const MAX_LOGGED_ISSUES = 50

// A dry run has no delivery URLs, so it plans with this stand-in. It never names a local file,
// which is all the deletion check needs from it.
const DRY_RUN_URL = 'https://dry-run.invalid/image'

/** The parsed site: its documents, the context each resolves references in, and every URL occurrence. */
interface Site {
  dir: string
  base: string
  documents: SiteDocument[]
  contexts: Map<SiteDocument, DecideContext>
  occurrences: Array<{ document: SiteDocument; occurrence: UrlOccurrence }>
}

/** Builds the new URL of one occurrence of a local image, or returns undefined to leave it. */
type ImageUrlFor = (document: SiteDocument, occurrence: UrlOccurrence, image: string) => string | undefined

/**
 * Uploads every local image that the built site's HTML and CSS reference and rewrites those
 * references to delivery URLs. Nothing is written before `upload` returns, so a failed upload
 * (which rejects) leaves the site as it was. Running it again finds only remote URLs and
 * changes nothing.
 */
export async function rewriteSite(options: RewriteOptions): Promise<RewriteReport> {
  validateOptions(options)
  const dryRun = options.dryRun ?? false
  const site = await loadSite(options)

  // Decide every reference, then keep local the images that the core's preflight rejects.
  const classified = classifyOccurrences(site)
  const candidates = [...classified.images].sort()
  const hashes = await hashFiles(candidates)
  const rejections = await preflightImages(site.dir, candidates, hashes, options)
  const images = candidates.filter((image) => !rejections.has(image))

  const sources: ImageSource[] = images.map((image) => ({ name: toSiteName(site.dir, image), path: image, sha256: hashes.get(image)! }))
  const entries = dryRun || sources.length === 0 ? new Map<string, ManifestEntry>() : await options.upload(sources)
  const entryFor = (image: string): ManifestEntry | undefined => entries.get(hashes.get(image)!)

  // Nothing is written until every document is rewritten in memory, so an error leaves the site as it was.
  const issues = [...classified.issues]
  let rewritten = 0
  const newSources = rewriteDocuments(site, (document, occurrence, image) => {
    const rejection = rejections.get(image)
    if (rejection !== undefined) {
      issues.push(makeIssue(site, 'rejected', document, occurrence, image, rejection))
      return undefined
    }

    const entry = entryFor(image)
    if (!dryRun && entry === undefined) {
      issues.push(makeIssue(site, 'not-uploaded', document, occurrence, image))
      return undefined
    }

    rewritten++
    return entry === undefined ? DRY_RUN_URL : deliveryUrlOf(options, entry, document, occurrence)
  })

  // Each file is replaced whole, so a killed run leaves every page either old or new, never cut.
  if (!dryRun) {
    for (const [document, newSource] of newSources) await writeFileAtomic(document.path, newSource)
  }

  const uploadedImages = images.filter((image) => dryRun || entryFor(image) !== undefined)
  const deletion = options.deleteLocal ? await planDeletion(site, uploadedImages, newSources) : { deleted: [], notDeleted: [] }
  if (!dryRun) {
    for (const image of deletion.deleted) await rm(path.join(site.dir, image))
  }

  const report: RewriteReport = {
    dryRun,
    filesScanned: site.documents.length,
    filesChanged: [...newSources.keys()].map((document) => document.name).sort(),
    references: classified.references,
    rewritten,
    excluded: classified.excluded,
    images: sources.map((source) => source.name),
    uniqueContents: new Set(sources.map((source) => source.sha256)).size,
    uploaded: dryRun ? 0 : images.filter((image) => entryFor(image) !== undefined).length,
    issues,
    deleted: deletion.deleted,
    notDeleted: deletion.notDeleted,
  }
  logIssues(report, options.logger)
  return report
}

/** Parses every HTML and CSS file and checks on disk each path that a reference to an image names. */
async function loadSite(options: RewriteOptions): Promise<Site> {
  const dir = path.resolve(options.dir)
  const realDir = await resolveSiteFolder(dir)
  const base = normalizeBase(options.base)
  const isIncluded = createFilter(options.include, options.exclude, { resolve: dir })
  const fileStates = new Map<string, FileState>()

  const documents = await loadSiteDocuments(dir, options.logger)
  const contexts = new Map<SiteDocument, DecideContext>()
  const occurrences: Site['occurrences'] = []

  for (const document of documents) {
    const folder = documentFolder(document.path, document.baseHref, dir, base)
    contexts.set(document, { dir, base, folder, fileStates, isIncluded })

    // A pass that edits nothing, only to list the occurrences.
    document.rewrite((occurrence) => {
      occurrences.push({ document, occurrence })
      return undefined
    }, false)
  }

  const imagePaths = occurrences.flatMap(({ document, occurrence }) => localImagePath(occurrence, contexts.get(document)!) ?? [])
  for (const [filePath, state] of await checkFiles(imagePaths, realDir)) fileStates.set(filePath, state)

  return { dir, base, documents, contexts, occurrences }
}

function classifyOccurrences(site: Site): { issues: ReferenceIssue[]; images: Set<string>; references: number; excluded: number } {
  const issues: ReferenceIssue[] = []
  const images = new Set<string>()
  let references = 0
  let excluded = 0

  for (const { document, occurrence } of site.occurrences) {
    const decision = decide(occurrence, site.contexts.get(document)!)
    if (decision.kind === 'ignore') continue

    references++
    if (decision.kind === 'excluded') excluded++
    else if (decision.kind === 'image') images.add(decision.absolute)
    else issues.push(makeIssue(site, decision.reason, document, occurrence, decision.absolute))
  }

  return { issues, images, references, excluded }
}

/** Returns the new source of every document that changes, with `urlFor` deciding each local image. */
function rewriteDocuments(site: Site, urlFor: ImageUrlFor): Map<SiteDocument, string> {
  const newSources = new Map<SiteDocument, string>()

  for (const document of site.documents) {
    const context = site.contexts.get(document)!
    const newSource = document.rewrite((occurrence) => {
      const decision = decide(occurrence, context)
      return decision.kind === 'image' ? urlFor(document, occurrence, decision.absolute) : undefined
    }, true)
    if (newSource !== document.source) newSources.set(document, newSource)
  }

  return newSources
}

/** Runs the core's preflight on each image and returns the message of each rejected one. */
async function preflightImages(
  dir: string,
  images: string[],
  hashes: ReadonlyMap<string, string>,
  options: RewriteOptions,
): Promise<Map<string, string>> {
  const limit = pLimit(FILE_CONCURRENCY)
  const rejections = new Map<string, string>()

  await Promise.all(
    images.map((image) =>
      limit(async () => {
        try {
          await inspectImage({ name: toSiteName(dir, image), path: image, sha256: hashes.get(image)! }, options.limits)
        } catch (error) {
          if (!(error instanceof PreflightError)) throw error
          rejections.set(image, error.message)
        }
      }),
    ),
  )

  return rejections
}

/** Calls `deliveryUrlFor`, naming the reference when it rejects the entry or the variant. */
function deliveryUrlOf(options: RewriteOptions, entry: ManifestEntry, document: SiteDocument, occurrence: UrlOccurrence): string {
  try {
    return options.deliveryUrlFor(entry, occurrence.variant)
  } catch (error) {
    const variant = occurrence.variant === undefined ? 'the default variant' : `variant ${JSON.stringify(occurrence.variant)}`
    throw new RewriteError(
      'REWRITE_DELIVERY_URL_FAILED',
      `${document.name}:${occurrence.line}: building the delivery URL of ${JSON.stringify(occurrence.url)} with ${variant} failed: ${(error as Error).message}`,
      { cause: error },
    )
  }
}

function validateOptions(options: RewriteOptions): void {
  if (typeof options?.dir !== 'string' || options.dir === '') {
    throw new TypeError('Invalid option dir: expected the path of the built site folder.')
  }
  if (typeof options.upload !== 'function') {
    throw new TypeError('Invalid option upload: expected a function that uploads image sources and returns their manifest entries.')
  }
  if (typeof options.deliveryUrlFor !== 'function') {
    throw new TypeError('Invalid option deliveryUrlFor: expected a function that returns the delivery URL of a manifest entry.')
  }
  if (options.base !== undefined && typeof options.base !== 'string') {
    throw new TypeError(`Invalid option base: expected a path such as '/docs/', received ${typeof options.base}.`)
  }
}

async function resolveSiteFolder(dir: string): Promise<string> {
  let realDir: string
  try {
    realDir = await realpath(dir)
  } catch (error) {
    throw new RewriteError('REWRITE_DIR_NOT_FOUND', `Site folder ${dir} not found: build the site first, then pass its output folder.`, { cause: error })
  }
  if (!(await stat(realDir)).isDirectory()) {
    throw new RewriteError('REWRITE_NOT_A_FOLDER', `Invalid site folder ${dir}: it is a file, not a folder. Pass the output folder of the build, such as dist.`)
  }
  return realDir
}

async function hashFiles(files: string[]): Promise<Map<string, string>> {
  const limit = pLimit(FILE_CONCURRENCY)
  const hashes = await Promise.all(files.map((file) => limit(async () => [file, await sha256File(file)] as const)))
  return new Map(hashes)
}

/** Splits uploaded images into the ones to delete and the ones some file still names. */
async function planDeletion(
  site: Site,
  images: string[],
  newSources: ReadonlyMap<SiteDocument, string>,
): Promise<Pick<RewriteReport, 'deleted' | 'notDeleted'>> {
  const rewrittenByPath = new Map([...newSources].map(([document, source]) => [document.path, source]))
  const imageSet = new Set(images)
  const texts: SiteText[] = []

  for (const file of await listSiteFiles(site.dir, REFERENCING_FILES)) {
    if (imageSet.has(file)) continue
    const content = rewrittenByPath.get(file) ?? (await readFile(file, 'utf8'))
    texts.push({ name: toSiteName(site.dir, file), content })
  }

  const namedIn = findStillNamed(images, texts)
  return {
    deleted: images.filter((image) => !namedIn.has(image)).map((image) => toSiteName(site.dir, image)),
    notDeleted: images.flatMap((image) => {
      const file = namedIn.get(image)
      return file === undefined ? [] : [{ image: toSiteName(site.dir, image), namedIn: file }]
    }),
  }
}

function makeIssue(
  site: Site,
  reason: ReferenceIssueReason,
  document: SiteDocument,
  occurrence: UrlOccurrence,
  absolute: string | undefined,
  detail?: string,
): ReferenceIssue {
  const image = absolute === undefined ? undefined : toSiteName(site.dir, absolute)
  const issue: ReferenceIssue = {
    reason,
    file: document.name,
    line: occurrence.line,
    url: occurrence.url,
    message: `${document.name}:${occurrence.line}: ${describeIssue(reason, occurrence.url, image, site.base, detail)}`,
  }
  if (image !== undefined) issue.image = image
  return issue
}

/** Logs each reference left unchanged. The counts are left to the caller, which prints the report once. */
function logIssues(report: RewriteReport, logger: Logger | undefined): void {
  if (!logger) return

  for (const issue of report.issues.slice(0, MAX_LOGGED_ISSUES)) logger.warn(issue.message)
  if (report.issues.length > MAX_LOGGED_ISSUES) {
    logger.warn(`${report.issues.length - MAX_LOGGED_ISSUES} more references were left unchanged; the report lists them all.`)
  }
  for (const kept of report.notDeleted) logger.debug?.(`Kept ${kept.image}: ${kept.namedIn} still names it.`)
}
