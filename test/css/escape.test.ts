import { describe, expect, it } from 'vitest'
import { escapeCssUrl, scanCssUrls } from '../../src/css/index.js'

describe('escapeCssUrl', () => {
  it.each([
    ['plain URL, unquoted', 'https://h.example.invalid/a/b/w=400,h=300', undefined, 'https://h.example.invalid/a/b/w=400,h=300'],
    ['parentheses, unquoted', 'a(1).png', undefined, 'a\\(1\\).png'],
    ['space, unquoted', 'a b.png', undefined, 'a\\20 b.png'],
    ['quotes, unquoted', `a"b'.png`, undefined, `a\\"b\\'.png`],
    ['double quote in double quotes', 'a"b.png', '"', 'a\\"b.png'],
    ['single quote in double quotes', "a'b.png", '"', "a'b.png"],
    ['backslash', 'a\\b.png', "'", 'a\\\\b.png'],
    ['newline', 'a\nb.png', '"', 'a\\a b.png'],
  ] as const)('escapes %s', (_name, url, quote, expected) => {
    expect(escapeCssUrl(url, quote)).toBe(expected)
  })

  it.each([
    ['unquoted', undefined, (text: string) => `a{b:url(${text})}`],
    ['double quoted', '"', (text: string) => `a{b:url("${text}")}`],
    ['single quoted', "'", (text: string) => `a{b:url('${text}')}`],
  ] as const)('round-trips through the scanner, %s', (_name, quote, wrap) => {
    const url = `https://h.example.invalid/a b/"q'(1)\\.png`

    const [found] = scanCssUrls(wrap(escapeCssUrl(url, quote)))

    expect(found?.value).toBe(url)
  })
})
