import { describe, expect, it } from 'vitest'
import { findStillNamed } from '../../src/rewrite/still-named.js'

const IMAGES = ['/site/images/hero.png', '/site/images/photo one.jpg', '/site/images/café.png', '/site/assets/a&b.png']

function namedIn(content: string): string[] {
  return [...findStillNamed(IMAGES, [{ name: 'page.html', content }]).keys()]
}

describe('findStillNamed', () => {
  it.each([
    ['a plain name', 'src="/images/hero.png"', ['/site/images/hero.png']],
    ['a name in a script', 'const a="/images/hero.png";', ['/site/images/hero.png']],
    ['an uppercase extension', 'hero.PNG', []],
    ['a raw space', '"photo one.jpg"', ['/site/images/photo one.jpg']],
    ['an encoded space', 'photo%20one.jpg', ['/site/images/photo one.jpg']],
    ['encoded UTF-8', 'caf%C3%A9.png', ['/site/images/caf\u00e9.png']],
    ['an escaped ampersand', 'a&amp;b.png', ['/site/assets/a&b.png']],
    ['an encoded ampersand', 'a%26b.png', ['/site/assets/a&b.png']],
    ['a different name', 'heroes.png', []],
    ['a longer extension', 'hero.pngx', []],
    ['no names', '<p>text</p>', []],
  ])('finds %s', (_name, content, expected) => {
    expect(namedIn(content)).toEqual(expected)
  })

  it('names the first file', () => {
    const texts = [
      { name: 'a.html', content: 'nothing' },
      { name: 'b.js', content: 'hero.png' },
      { name: 'c.css', content: 'hero.png' },
    ]

    expect(findStillNamed(IMAGES, texts).get('/site/images/hero.png')).toBe('b.js')
  })

  it('keeps both images sharing a name', () => {
    const images = ['/site/a/logo.png', '/site/b/logo.png']

    expect(findStillNamed(images, [{ name: 'x.html', content: '/a/logo.png' }]).size).toBe(2)
  })
})
