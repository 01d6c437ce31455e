import { describe, expect, it } from 'vitest'
import { findHtmlReferences, rewriteHtml, type UrlOccurrence } from '../../src/html/index.js'

const NEW = 'https://h.example.invalid/img/1/public'

/** Rewrites the URLs named in `replacements` and lists every occurrence seen. */
function rewrite(html: string, replacements: Record<string, string> = {}, removeVariantAttributes = true): { output: string; seen: UrlOccurrence[] } {
  const seen: UrlOccurrence[] = []
  const output = rewriteHtml(
    html,
    findHtmlReferences(html),
    (occurrence) => {
      seen.push(occurrence)
      return replacements[occurrence.url]
    },
    { removeVariantAttributes },
  )
  return { output, seen }
}

function urlsSeen(html: string): string[] {
  return rewrite(html).seen.map((occurrence) => occurrence.url)
}

describe('rewriteHtml', () => {
  it.each([
    ['img src', '<img src="a.png">', ['a.png']],
    ['img srcset', '<img srcset="a.png 1x, b.png 2x">', ['a.png', 'b.png']],
    ['picture source', '<picture><source srcset="a.webp" type="image/webp"><img src="a.png"></picture>', ['a.webp', 'a.png']],
    ['video poster and source', '<video poster="p.jpg"><source src="v.mp4"></video>', ['p.jpg', 'v.mp4']],
    ['audio source', '<audio><source src="s.mp3"></audio>', ['s.mp3']],
    ['icon', '<link rel="icon" href="i.png">', ['i.png']],
    ['shortcut icon', '<link rel="shortcut icon" href="i.png">', ['i.png']],
    ['apple-touch-icon', '<link rel="apple-touch-icon" href="t.png">', ['t.png']],
    ['image preload', '<link rel="preload" as="image" href="h.png" imagesrcset="h.png 1x, h2.png 2x">', ['h.png', 'h.png', 'h2.png']],
    ['og:image', '<meta property="og:image" content="o.png">', ['o.png']],
    ['og:image:url', '<meta property="og:image:url" content="o.png">', ['o.png']],
    ['og:image:secure_url', '<meta property="og:image:secure_url" content="o.png">', ['o.png']],
    ['twitter:image', '<meta name="twitter:image" content="t.png">', ['t.png']],
    ['twitter:image:src', '<meta name="twitter:image:src" content="t.png">', ['t.png']],
    ['svg image href', '<svg><image href="s.png"/></svg>', ['s.png']],
    ['svg image xlink:href', '<svg><image xlink:href="s.png"/></svg>', ['s.png']],
    ['style attribute', '<div style="background:url(s.png)"></div>', ['s.png']],
    ['style element', '<style>a{b:url(s.png)}</style>', ['s.png']],
    ['img in noscript', '<noscript><img src="n.png"></noscript>', ['n.png']],
    ['img in template', '<template><img src="t.png"></template>', ['t.png']],
  ])('finds %s', (_name, html, expected) => {
    expect(urlsSeen(html)).toEqual(expected)
  })

  it.each([
    ['stylesheet link', '<link rel="stylesheet" href="s.css">'],
    ['style preload', '<link rel="preload" as="style" href="s.png">'],
    ['other meta', '<meta name="description" content="a.png">'],
    ['anchor', '<a href="a.png">a</a>'],
    ['script', '<script src="a.js"></script><script>const a = "url(b.png)"</script>'],
    ['img without value', '<img src>'],
  ])('ignores %s', (_name, html) => {
    expect(urlsSeen(html)).toEqual([])
  })

  it('decodes entities for lookup', () => {
    expect(urlsSeen('<img src="a&amp;b.png">')).toEqual(['a&b.png'])
  })

  it('escapes the new value', () => {
    const { output } = rewrite('<img src="a&amp;b.png" alt="x">', { 'a&b.png': 'https://h.example.invalid/a?b=1&c="2"' })

    expect(output).toBe('<img src="https://h.example.invalid/a?b=1&amp;c=&quot;2&quot;" alt="x">')
  })

  it('escapes inside single quotes', () => {
    const { output } = rewrite("<img src='a.png'>", { 'a.png': "https://h.example.invalid/it's" })

    expect(output).toBe("<img src='https://h.example.invalid/it&#39;s'>")
  })

  it('keeps an unquoted value unquoted', () => {
    expect(rewrite('<img src=a.png alt=x>', { 'a.png': NEW }).output).toBe(`<img src=${NEW} alt=x>`)
  })

  it('quotes an unquoted value when needed', () => {
    const { output } = rewrite('<img src=a.png>', { 'a.png': 'https://h.example.invalid/x/w=400,h=300' })

    expect(output).toBe('<img src="https://h.example.invalid/x/w=400,h=300">')
  })

  it('keeps attribute spacing and case', () => {
    const { output } = rewrite('<IMG ALT="x"  SRC = "a.png"\n  class=c>', { 'a.png': NEW })

    expect(output).toBe(`<IMG ALT="x"  SRC = "${NEW}"\n  class=c>`)
  })

  it('trims spaces around a URL', () => {
    const { output, seen } = rewrite('<img src="  a.png\n">', { 'a.png': NEW })

    expect(seen.map((occurrence) => occurrence.url)).toEqual(['a.png'])
    expect(output).toBe(`<img src="${NEW}">`)
  })

  it('rejoins a srcset safely', () => {
    const { output } = rewrite('<img srcset="a.png,b.png 2x">', { 'a.png,b.png': 'https://h.example.invalid/x/w=1,h=2' })

    expect(output).toBe('<img srcset="https://h.example.invalid/x/w=1,h=2 2x">')
  })

  it('adds a descriptor for a comma URL', () => {
    const { output } = rewrite('<img srcset="a.png, b.png 2x">', { 'a.png': 'https://h.example.invalid/x/w=1,h=2' })

    expect(output).toBe('<img srcset="https://h.example.invalid/x/w=1,h=2 1x, b.png 2x">')
  })

  it('leaves an unchanged srcset byte for byte', () => {
    const html = '<img srcset="a.png 1x,b.png   2x">'

    expect(rewrite(html).output).toBe(html)
  })

  it('edits a style attribute in place', () => {
    const { output } = rewrite('<p style="color:red; background: url( a.png ) no-repeat">', { 'a.png': NEW })

    expect(output).toBe(`<p style="color:red; background: url( ${NEW} ) no-repeat">`)
  })

  it('rebuilds a style attribute with entities', () => {
    const { output } = rewrite('<p style="background:url(&quot;a.png&quot;);color:red">', { 'a.png': NEW })

    expect(output).toBe(`<p style="background:url(&quot;${NEW}&quot;);color:red">`)
  })

  it('escapes CSS inside an attribute', () => {
    const { output } = rewrite(`<p style='background:url("a.png")'>`, { 'a.png': "https://h.example.invalid/it's" })

    expect(output).toBe(`<p style='background:url("https://h.example.invalid/it&#39;s")'>`)
  })

  it('edits a style element in place', () => {
    const { output } = rewrite('<style>\n/* url(a.png) */\n.a { background: url("a.png") }\n</style>', { 'a.png': NEW })

    expect(output).toBe(`<style>\n/* url(a.png) */\n.a { background: url("${NEW}") }\n</style>`)
  })

  it('reports the line of each URL', () => {
    const html = '<!doctype html>\n<img\n  src="a.png"\n  srcset="b.png 1x,\n    c.png 2x">\n<style>\n.a{b:url(d.png)}\n</style>'

    expect(rewrite(html).seen.map((occurrence) => `${occurrence.url}:${occurrence.line}`)).toEqual(['a.png:3', 'b.png:4', 'c.png:5', 'd.png:7'])
  })

  it('applies data-cf-variant to descendants', () => {
    const { seen } = rewrite('<figure data-cf-variant="thumb"><picture><img src="a.png"></picture></figure><img src="b.png">')

    expect(seen.map((occurrence) => [occurrence.url, occurrence.variant])).toEqual([
      ['a.png', 'thumb'],
      ['b.png', undefined],
    ])
  })

  it('lets an inner data-cf-variant win', () => {
    const { seen } = rewrite('<div data-cf-variant="a"><img data-cf-variant="b" src="x.png"></div>')

    expect(seen.map((occurrence) => occurrence.variant)).toEqual(['b'])
  })

  it('removes data-cf-variant attributes', () => {
    const { output } = rewrite('<figure data-cf-variant="thumb">\n<img\n  data-cf-variant=w=400,h=300 src="a.png"></figure>', { 'a.png': NEW })

    expect(output).toBe(`<figure>\n<img src="${NEW}"></figure>`)
  })

  it('keeps data-cf-variant when asked', () => {
    const html = '<img data-cf-variant="thumb" src="a.png">'

    expect(rewrite(html, {}, false).output).toBe(html)
  })

  it('returns the same text when nothing changes', () => {
    const html = '<!doctype html><html><body><img src="https://example.invalid/a.png"></body></html>'

    expect(rewrite(html).output).toBe(html)
  })

  it('keeps a messy document byte for byte', () => {
    const html = '<!DOCTYPE html>\r\n<html><body>\r\n<p>unclosed <b>tags\r\n<img src="a.png" alt="&eacute;">\r\n<!-- <img src="a.png"> -->\r\n</body>'

    const { output } = rewrite(html, { 'a.png': NEW })

    expect(output).toBe(`<!DOCTYPE html>\r\n<html><body>\r\n<p>unclosed <b>tags\r\n<img src="${NEW}" alt="&eacute;">\r\n<!-- <img src="a.png"> -->\r\n</body>`)
  })
})
