import path from 'node:path'
import type { UrlOccurrence } from '../html/index.js'
import { classifyImagePath, isSvgPath } from './formats.js'
import { resolveReference, type ResolveContext } from './resolve.js'
import type { ReferenceIssueReason } from './types.js'

/** State of a resolved image path on disk. */
export type FileState = 'file' | 'missing' | 'outside'

/** Treatment of one URL occurrence. */
export type Decision =
  /** Not a local image: left alone and not counted. */
  | { kind: 'ignore' }
  /** A local image that `include`/`exclude` leave local. */
  | { kind: 'excluded' }
  | { kind: 'issue'; reason: Exclude<ReferenceIssueReason, 'rejected' | 'not-uploaded'>; absolute: string | undefined }
  | { kind: 'image'; absolute: string }

export interface DecideContext extends ResolveContext {
  fileStates: ReadonlyMap<string, FileState>
  isIncluded: (absolutePath: string) => boolean
}

/** Decides how to treat an occurrence, from its text and the file states gathered before. */
export function decide(occurrence: UrlOccurrence, context: DecideContext): Decision {
  const kind = classifyImagePath(urlPathOf(occurrence.url))
  if (kind === undefined) return { kind: 'ignore' }

  const resolution = resolveReference(occurrence.url, context)
  if (resolution.kind === 'not-local') return { kind: 'ignore' }
  if (resolution.kind === 'outside-base') return { kind: 'issue', reason: 'outside-base', absolute: undefined }
  if (resolution.kind === 'outside') return { kind: 'issue', reason: 'outside', absolute: undefined }

  const { absolute, fragment } = resolution
  const state = context.fileStates.get(absolute) ?? 'missing'
  if (state !== 'file') return { kind: 'issue', reason: state, absolute: state === 'missing' ? absolute : undefined }

  if (kind === 'unsupported') return { kind: 'issue', reason: 'unsupported-format', absolute }
  if (fragment && isSvgPath(absolute)) return { kind: 'issue', reason: 'svg-fragment', absolute }
  if (!context.isIncluded(absolute)) return { kind: 'excluded' }

  return { kind: 'image', absolute }
}

/** Returns the path in the site folder that an occurrence names, when it names a local image file. */
export function localImagePath(occurrence: UrlOccurrence, context: ResolveContext): string | undefined {
  if (classifyImagePath(urlPathOf(occurrence.url)) === undefined) return undefined
  const resolution = resolveReference(occurrence.url, context)
  return resolution.kind === 'local' ? resolution.absolute : undefined
}

function urlPathOf(url: string): string {
  return url.trim().split(/[?#]/)[0] ?? ''
}

/** Builds the message of an issue, ending with what to do next. `detail` is the preflight message of a rejected image. */
export function describeIssue(reason: ReferenceIssueReason, url: string, image: string | undefined, base: string, detail?: string): string {
  const target = image === undefined ? JSON.stringify(url) : `${JSON.stringify(url)} (${image})`
  switch (reason) {
    case 'missing':
      return `Image ${target} not found in the site folder, so the reference was left unchanged. Fix the reference or add the file.`
    case 'outside':
      return `Image ${JSON.stringify(url)} resolves outside the site folder, so it was not read and the reference was left unchanged. Reference a file inside the folder.`
    case 'outside-base':
      return `Image ${JSON.stringify(url)} does not start with the base path ${base}, so it was left unchanged. Set the base path the site is served under, or fix the reference.`
    case 'unsupported-format':
      return `Image ${target} was kept local because Cloudflare Images does not accept ${path.extname(urlPathOf(url)).toLowerCase()} files.`
    case 'svg-fragment':
      return `SVG ${target} was kept local because it is referenced with a #fragment, which only works from the same origin.`
    case 'rejected':
      return `Image ${target} was kept local. ${detail ?? 'The preflight check rejected it.'}`
    case 'not-uploaded':
      return `Image ${target} was kept local because the upload returned no entry for it. See the upload messages above.`
  }
}
