import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { documentFolder, normalizeBase, resolveReference, type ResolveContext } from '../../src/rewrite/resolve.js'

const DIR = path.resolve('/site')

function context(overrides: Partial<ResolveContext> = {}): ResolveContext {
  return { dir: DIR, base: '/', folder: path.join(DIR, 'blog/post'), ...overrides }
}

function resolve(reference: string, overrides: Partial<ResolveContext> = {}): string {
  const resolution = resolveReference(reference, context(overrides))
  if (resolution.kind !== 'local') return resolution.kind
  const relative = path.relative(DIR, resolution.absolute).split(path.sep).join('/')
  return resolution.fragment === undefined ? relative : `${relative}#${resolution.fragment}`
}

describe('resolveReference', () => {
  it.each([
    ['a relative path', 'a.png', 'blog/post/a.png'],
    ['a parent path', '../../images/a.png', 'images/a.png'],
    ['a dot path', './a.png', 'blog/post/a.png'],
    ['an absolute path', '/images/a.png', 'images/a.png'],
    ['an encoded space', '../../images/photo%20one.jpg', 'images/photo one.jpg'],
    ['encoded UTF-8', '/images/caf%C3%A9.png', 'images/café.png'],
    ['raw non-ASCII', '/images/café.png', 'images/café.png'],
    ['a malformed escape', '/images/100%zz.png', 'images/100%zz.png'],
    ['a query', '/a.png?v=3', 'a.png'],
    ['a fragment', '/icons.svg#star', 'icons.svg#star'],
    ['a query and fragment', '/icons.svg?v=1#star', 'icons.svg#star'],
    ['a backslash', '..\\..\\images\\a.png', 'images/a.png'],
    ['an absolute path climbing out', '/../../a.png', 'a.png'],
    ['surrounding spaces', '  /a.png\n', 'a.png'],
  ])('resolves %s', (_name, reference, expected) => {
    expect(resolve(reference)).toBe(expected)
  })

  it.each([
    ['https', 'https://example.invalid/a.png'],
    ['http', 'http://example.invalid/a.png'],
    ['protocol-relative', '//example.invalid/a.png'],
    ['data', 'data:image/png;base64,iVBO'],
    ['blob', 'blob:https://example.invalid/1234'],
    ['mailto', 'mailto:a@example.invalid'],
    ['a fragment only', '#gradient'],
    ['empty', '   '],
    ['a NUL character', '/a%00.png'],
  ])('leaves %s alone', (_name, reference) => {
    expect(resolve(reference)).toBe('not-local')
  })

  it('reports a relative path leaving the folder', () => {
    expect(resolve('../../../secret.png')).toBe('outside')
  })

  it('strips the base', () => {
    expect(resolve('/docs/assets/a.png', { base: '/docs/' })).toBe('assets/a.png')
  })

  it('reports an absolute path outside the base', () => {
    expect(resolve('/other/a.png', { base: '/docs/' })).toBe('outside-base')
  })

  it('reports the base without its slash', () => {
    expect(resolve('/docs', { base: '/docs/' })).toBe('outside-base')
  })

  it('leaves relative paths alone under a remote base', () => {
    expect(resolve('a.png', { folder: undefined })).toBe('not-local')
  })
})

describe('normalizeBase', () => {
  it.each([
    [undefined, '/'],
    ['', '/'],
    ['/', '/'],
    ['/docs/', '/docs/'],
    ['/docs', '/docs/'],
    ['docs', '/docs/'],
  ])('normalises %s', (base, expected) => {
    expect(normalizeBase(base)).toBe(expected)
  })
})

describe('documentFolder', () => {
  const file = path.join(DIR, 'blog/post/index.html')

  it.each([
    ['no base element', undefined, 'blog/post'],
    ['an absolute base', '/media/', 'media'],
    ['an absolute base with a file name', '/media/page.html', 'media'],
    ['a relative base', '../shared/', 'blog/shared'],
    ['an empty base', '', 'blog/post'],
  ])('follows %s', (_name, baseHref, expected) => {
    const folder = documentFolder(file, baseHref, DIR, '/')

    expect(path.relative(DIR, folder!).split(path.sep).join('/')).toBe(expected)
  })

  it('returns undefined for a remote base', () => {
    expect(documentFolder(file, 'https://example.invalid/', DIR, '/')).toBeUndefined()
  })

  it('strips the site base', () => {
    const folder = documentFolder(file, '/docs/media/', DIR, '/docs/')

    expect(path.relative(DIR, folder!)).toBe('media')
  })
})
