import { describe, expect, it } from 'vitest'
import { scanCssUrls } from '../../src/css/index.js'

/** Scans `css` and returns each URL with the source text its offsets cover. */
function scan(css: string): Array<{ value: string; text: string; quote: string | undefined; context: string }> {
  return scanCssUrls(css).map((url) => ({ value: url.value, text: css.slice(url.start, url.end), quote: url.quote, context: url.context }))
}

describe('scanCssUrls', () => {
  it.each([
    ['unquoted', 'a{b:url(x.png)}', [{ value: 'x.png', text: 'x.png', quote: undefined, context: 'url' }]],
    ['double quoted', 'a{b:url("x.png")}', [{ value: 'x.png', text: 'x.png', quote: '"', context: 'url' }]],
    ['single quoted', "a{b:url('x.png')}", [{ value: 'x.png', text: 'x.png', quote: "'", context: 'url' }]],
    ['spaces inside', 'a{b:url(  x.png  )}', [{ value: 'x.png', text: 'x.png', quote: undefined, context: 'url' }]],
    ['quoted with spaces', 'a{b:url( "x.png" )}', [{ value: 'x.png', text: 'x.png', quote: '"', context: 'url' }]],
    ['uppercase name', 'a{b:URL(x.png)}', [{ value: 'x.png', text: 'x.png', quote: undefined, context: 'url' }]],
    ['query suffix', 'a{b:url(x.png?v=3)}', [{ value: 'x.png?v=3', text: 'x.png?v=3', quote: undefined, context: 'url' }]],
    ['fragment suffix', 'a{src:url(f.eot#iefix)}', [{ value: 'f.eot#iefix', text: 'f.eot#iefix', quote: undefined, context: 'url' }]],
    ['escaped parenthesis', 'a{b:url(x\\(1\\).png)}', [{ value: 'x(1).png', text: 'x\\(1\\).png', quote: undefined, context: 'url' }]],
    ['hex escape', 'a{b:url("caf\\e9 .png")}', [{ value: 'café.png', text: 'caf\\e9 .png', quote: '"', context: 'url' }]],
    ['escaped quote', 'a{b:url("a\\"b.png")}', [{ value: 'a"b.png', text: 'a\\"b.png', quote: '"', context: 'url' }]],
    ['line continuation', 'a{b:url("a\\\nb.png")}', [{ value: 'ab.png', text: 'a\\\nb.png', quote: '"', context: 'url' }]],
    ['data URL', 'a{b:url(data:image/png;base64,iVBO)}', [{ value: 'data:image/png;base64,iVBO', text: 'data:image/png;base64,iVBO', quote: undefined, context: 'url' }]],
    ['unclosed at end', 'a{b:url(x.png', [{ value: 'x.png', text: 'x.png', quote: undefined, context: 'url' }]],
  ])('finds %s', (_name, css, expected) => {
    expect(scan(css)).toEqual(expected)
  })

  it.each([
    ['a comment', '/* url(x.png) */a{}'],
    ['an unclosed comment', 'a{} /* url(x.png)'],
    ['a plain string', 'a{content:"url(x.png)"}'],
    ['a font family string', 'a{font-family:"x.png"}'],
    ['an empty url', 'a{b:url()}'],
    ['a bad url with a space', 'a{b:url(x y.png)}'],
    ['a bad url with a quote', 'a{b:url(x"y.png)}'],
    ['a bad string', 'a{b:url("x.png\n)}'],
    ['another function name', 'a{b:myurl(x.png)}'],
    ['a type() string inside image-set', 'a{b:image-set(type("x/png"))}'],
  ])('ignores %s', (_name, css) => {
    expect(scan(css).filter((url) => url.value.includes('x'))).toEqual([])
  })

  it('finds image-set strings', () => {
    expect(scan('a{b:image-set("a.png" 1x, \'b.png\' 2x)}')).toEqual([
      { value: 'a.png', text: 'a.png', quote: '"', context: 'image-set' },
      { value: 'b.png', text: 'b.png', quote: "'", context: 'image-set' },
    ])
  })

  it('finds -webkit-image-set strings', () => {
    expect(scan('a{b:-webkit-image-set("a.png" 1x)}').map((url) => url.value)).toEqual(['a.png'])
  })

  it('finds url() inside image-set', () => {
    expect(scan('a{b:image-set(url(a.png) 1x, url("b.png") 2x)}')).toEqual([
      { value: 'a.png', text: 'a.png', quote: undefined, context: 'url' },
      { value: 'b.png', text: 'b.png', quote: '"', context: 'url' },
    ])
  })

  it('finds image-set strings after a type()', () => {
    expect(scan('a{b:image-set("a.avif" type("image/avif"), "a.png" type("image/png"))}').map((url) => url.value)).toEqual(['a.avif', 'a.png'])
  })

  it('ignores strings after image-set closes', () => {
    expect(scan('a{b:image-set("a.png" 1x) "b.png"}').map((url) => url.value)).toEqual(['a.png'])
  })

  it('recovers after a bad url', () => {
    expect(scan('a{b:url(x y.png)}c{d:url(z.png)}').map((url) => url.value)).toEqual(['z.png'])
  })

  it('keeps source order', () => {
    const css = '@import url("base.css");\n.a{background:url(a.png)}\n.b{mask:url(\'b.svg#m\')}'
    expect(scan(css).map((url) => url.value)).toEqual(['base.css', 'a.png', 'b.svg#m'])
  })
})
