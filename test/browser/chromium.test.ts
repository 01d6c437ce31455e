import { describe, expect, it } from 'vitest'
import { findChromium } from './chromium.js'

describe('findChromium', () => {
  it('names the Debian package when missing', () => {
    expect(() => findChromium(['/nonexistent/chromium', undefined, ''])).toThrow(/apt-get install chromium/)
  })

  it('returns the first executable candidate', () => {
    expect(findChromium(['/nonexistent/chromium', process.execPath])).toBe(process.execPath)
  })
})
