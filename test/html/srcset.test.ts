import { describe, expect, it } from 'vitest'
import { parseSrcset, serializeSrcset } from '../../src/html/index.js'

function parse(value: string): Array<[string, ...string[]]> {
  return parseSrcset(value).map((candidate) => [candidate.url, ...candidate.descriptors])
}

describe('parseSrcset', () => {
  it.each([
    ['one URL', 'a.png', [['a.png']]],
    ['density descriptors', 'a.png 1x, b.png 2x', [['a.png', '1x'], ['b.png', '2x']]],
    ['width descriptors', 'a.png 480w,b.png 960w', [['a.png', '480w'], ['b.png', '960w']]],
    ['width and height', 'a.png 480w 300h', [['a.png', '480w', '300h']]],
    ['comma without descriptor', 'a.png, b.png 2x', [['a.png'], ['b.png', '2x']]],
    ['comma inside a URL', 'https://cdn.example.invalid/a.jpg?w=1,2 2x, b.png 1x', [['https://cdn.example.invalid/a.jpg?w=1,2', '2x'], ['b.png', '1x']]],
    ['commas joined to a URL', 'a.png,b.png 2x', [['a.png,b.png', '2x']]],
    ['data URL', 'data:image/gif;base64,R0lGOD= 1x, b.png 2x', [['data:image/gif;base64,R0lGOD=', '1x'], ['b.png', '2x']]],
    ['trailing commas', 'a.png,,, b.png', [['a.png'], ['b.png']]],
    ['leading commas and spaces', ' ,\n a.png 1x', [['a.png', '1x']]],
    ['newlines between candidates', 'a.png 1x,\n  b.png 2x', [['a.png', '1x'], ['b.png', '2x']]],
    ['parenthesised descriptor', 'a.png foo(1, 2) 2x, b.png', [['a.png', 'foo(1, 2)', '2x'], ['b.png']]],
    ['invalid descriptor kept', 'a.png big', [['a.png', 'big']]],
    ['empty value', '', []],
    ['only commas', ' , , ', []],
  ] as const)('parses %s', (_name, value, expected) => {
    expect(parse(value)).toEqual(expected)
  })

  it('records URL offsets', () => {
    const value = ' a.png 1x,  b.png 2x'

    const offsets = parseSrcset(value).map((candidate) => value.slice(candidate.start, candidate.end))

    expect(offsets).toEqual(['a.png', 'b.png'])
  })
})

describe('serializeSrcset', () => {
  it.each([
    ['descriptors', [{ url: 'a.png', descriptors: ['1x'] }, { url: 'b.png', descriptors: ['2x'] }], 'a.png 1x, b.png 2x'],
    ['no descriptor', [{ url: 'a.png', descriptors: [] }], 'a.png'],
    ['comma URL without descriptor', [{ url: 'https://h.example.invalid/x/w=400,h=300', descriptors: [] }], 'https://h.example.invalid/x/w=400,h=300 1x'],
    ['comma URL with descriptor', [{ url: 'https://h.example.invalid/x/w=400,h=300', descriptors: ['400w'] }], 'https://h.example.invalid/x/w=400,h=300 400w'],
  ])('joins %s', (_name, candidates, expected) => {
    expect(serializeSrcset(candidates)).toBe(expected)
  })

  it('round-trips URLs with commas', () => {
    const candidates = [
      { url: 'https://h.example.invalid/x/w=400,h=300', descriptors: [] },
      { url: 'https://h.example.invalid/x/w=800,h=600', descriptors: ['2x'] },
    ]

    expect(parse(serializeSrcset(candidates))).toEqual([
      ['https://h.example.invalid/x/w=400,h=300', '1x'],
      ['https://h.example.invalid/x/w=800,h=600', '2x'],
    ])
  })
})
