import { describe, expect, it } from 'vitest'
import { parseMultipart } from '../../src/emulator/multipart.js'

function body(lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n'), 'utf8')
}

describe('parseMultipart', () => {
  it('reads fields and files', () => {
    const parts = parseMultipart(
      body(['--b1', 'Content-Disposition: form-data; name="id"', '', 'a/b', '--b1', 'Content-Disposition: form-data; name="file"; filename="x.png"', 'Content-Type: image/png', '', 'PNG', '--b1--', '']),
      'multipart/form-data; boundary=b1',
    )

    expect(parts.map((part) => part.name)).toEqual(['id', 'file'])
    expect(parts[0]?.data.toString()).toBe('a/b')
    expect(parts[1]?.filename).toBe('x.png')
    expect(parts[1]?.contentType).toBe('image/png')
    expect(parts[1]?.data.toString()).toBe('PNG')
  })

  it('accepts a quoted boundary', () => {
    const parts = parseMultipart(body(['--a b', 'Content-Disposition: form-data; name="k"', '', 'v', '--a b--']), 'multipart/form-data; boundary="a b"')

    expect(parts[0]?.data.toString()).toBe('v')
  })

  it('skips a preamble', () => {
    const parts = parseMultipart(body(['preamble text', '--b', 'Content-Disposition: form-data; name="k"', '', 'v', '--b--']), 'multipart/form-data; boundary=b')

    expect(parts).toHaveLength(1)
  })

  it('keeps CRLF inside data', () => {
    const parts = parseMultipart(body(['--b', 'Content-Disposition: form-data; name="k"', '', 'line one', 'line two', '--b--']), 'multipart/form-data; boundary=b')

    expect(parts[0]?.data.toString()).toBe('line one\r\nline two')
  })

  it('decodes filename*', () => {
    const parts = parseMultipart(
      body(['--b', `Content-Disposition: form-data; name="file"; filename="fallback.png"; filename*=UTF-8''%C3%A9t%C3%A9.png`, '', 'x', '--b--']),
      'multipart/form-data; boundary=b',
    )

    expect(parts[0]?.filename).toBe('été.png')
  })

  it('unescapes a quoted filename', () => {
    const parts = parseMultipart(body(['--b', 'Content-Disposition: form-data; name="file"; filename="a\\"b.png"', '', 'x', '--b--']), 'multipart/form-data; boundary=b')

    expect(parts[0]?.filename).toBe('a"b.png')
  })

  const invalid: Array<[string, Buffer, string]> = [
    ['a missing boundary parameter', body(['--b', '']), 'multipart/form-data'],
    ['a boundary not in the body', body(['--other', '']), 'multipart/form-data; boundary=b'],
    ['a missing closing boundary', body(['--b', 'Content-Disposition: form-data; name="k"', '', 'v']), 'multipart/form-data; boundary=b'],
    ['a part without a name', body(['--b', 'Content-Disposition: form-data', '', 'v', '--b--']), 'multipart/form-data; boundary=b'],
    ['a part without headers end', body(['--b', 'Content-Disposition: form-data; name="k"']), 'multipart/form-data; boundary=b'],
  ]
  for (const [name, bytes, contentType] of invalid) {
    it(`rejects ${name}`, () => {
      expect(() => parseMultipart(bytes, contentType)).toThrow(/Invalid multipart\/form-data body/)
    })
  }
})
