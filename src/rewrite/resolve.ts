import path from 'node:path'

/** Target of a reference, decided from its text alone (no file system access). */
export type Resolution =
  /** Remote, `data:`, `blob:`, another scheme, a fragment of the same document, or empty. */
  | { kind: 'not-local' }
  | { kind: 'outside-base' }
  /** Resolves outside the site folder. */
  | { kind: 'outside'; absolute: string }
  | { kind: 'local'; absolute: string; fragment: string | undefined }

export interface ResolveContext {
  /** Absolute path of the site folder. */
  dir: string
  /** Public base path, normalised to start and end with `/`. */
  base: string
  /** Absolute folder that relative references resolve against, or undefined when a remote `<base href>` makes them remote. */
  folder: string | undefined
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/

/** Resolves a reference as written in a file of the site to a path in `context.dir`. */
export function resolveReference(reference: string, context: ResolveContext): Resolution {
  // Browsers read a backslash as a slash in http(s) URLs.
  const url = reference.trim().replaceAll('\\', '/')
  if (url === '' || url.startsWith('#') || url.startsWith('//') || SCHEME.test(url)) return { kind: 'not-local' }

  const pathEnd = url.search(/[?#]/)
  const urlPath = pathEnd === -1 ? url : url.slice(0, pathEnd)
  const hashAt = url.indexOf('#')
  const fragment = hashAt === -1 ? undefined : url.slice(hashAt + 1)
  const decoded = percentDecode(urlPath)
  if (decoded === '' || decoded.includes('\0')) return { kind: 'not-local' }

  let absolute: string
  if (decoded.startsWith('/')) {
    const sitePath = path.posix.normalize(decoded)
    if (!sitePath.startsWith(context.base)) return { kind: 'outside-base' }
    absolute = path.resolve(context.dir, `.${sitePath.slice(context.base.length - 1)}`)
  } else {
    if (context.folder === undefined) return { kind: 'not-local' }
    absolute = path.resolve(context.folder, decoded)
  }

  if (!isInside(context.dir, absolute)) return { kind: 'outside', absolute }
  return { kind: 'local', absolute, fragment }
}

/** Checks whether `candidate` is `dir` itself or lies below it. */
export function isInside(dir: string, candidate: string): boolean {
  const relative = path.relative(dir, candidate)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

/** Normalises a public base path to start and end with `/`. */
export function normalizeBase(base: string | undefined): string {
  if (base === undefined || base === '' || base === '/') return '/'
  let normalized = base.startsWith('/') ? base : `/${base}`
  if (!normalized.endsWith('/')) normalized += '/'
  return normalized
}

/**
 * Returns the folder that relative references of a document resolve against, following a
 * `<base href>` when the document has one.
 */
export function documentFolder(file: string, baseHref: string | undefined, dir: string, base: string): string | undefined {
  const fileFolder = path.dirname(file)
  if (baseHref === undefined) return fileFolder

  const href = baseHref.trim().replaceAll('\\', '/')
  if (href.startsWith('//') || SCHEME.test(href)) return undefined

  const hrefPath = href.split(/[?#]/)[0] ?? ''
  const hrefFolder = percentDecode(hrefPath.slice(0, hrefPath.lastIndexOf('/') + 1))
  if (!hrefFolder.startsWith('/')) return path.resolve(fileFolder, hrefFolder)

  const sitePath = path.posix.normalize(hrefFolder)
  if (!sitePath.startsWith(base)) return undefined
  return path.resolve(dir, `.${sitePath.slice(base.length - 1)}`)
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    // A malformed escape such as `%zz` is kept as written, so the lookup uses the literal name.
    return text
  }
}
