// A token-level scanner for the URLs in a style sheet. It follows the CSS Syntax Level 3
// tokenizer where that matters for finding URLs (comments, strings, escapes, `url(` tokens,
// function nesting) and skips everything else, so it never parses selectors or values.

/** A URL found in CSS, with the offsets of its text in the scanned source. */
export interface CssUrl {
  /** The URL with CSS escapes decoded. */
  value: string
  /** Offset of the first character of the URL text, after the opening quote of a string. */
  start: number
  /** Offset just past the URL text, before the closing quote of a string. */
  end: number
  /** Quote character of a string URL, or undefined for an unquoted `url(...)`. */
  quote: '"' | "'" | undefined
  /** `url` for `url(...)`, or `image-set` for a bare string argument of `image-set()` or `-webkit-image-set()`. */
  context: 'url' | 'image-set'
}

const IMAGE_SET_FUNCTIONS = new Set(['image-set', '-webkit-image-set'])

/** Lists every `url(...)` and every string argument of `image-set()` in `css`, in source order. */
export function scanCssUrls(css: string): CssUrl[] {
  const urls: CssUrl[] = []
  // Names of the open functions, innermost last. A plain parenthesis is ''.
  const open: string[] = []
  let i = 0

  while (i < css.length) {
    const ch = css[i]!

    if (ch === '/' && css[i + 1] === '*') {
      const close = css.indexOf('*/', i + 2)
      i = close === -1 ? css.length : close + 2
      continue
    }

    if (ch === '"' || ch === "'") {
      const string = readString(css, i)
      const inImageSet = IMAGE_SET_FUNCTIONS.has(open.at(-1) ?? '')
      if (inImageSet && !string.bad) {
        urls.push({ value: string.value, start: i + 1, end: string.contentEnd, quote: ch, context: 'image-set' })
      }
      i = string.next
      continue
    }

    if (ch === '(') {
      open.push('')
      i++
      continue
    }

    if (ch === ')') {
      open.pop()
      i++
      continue
    }

    // A block boundary inside an unclosed function means the function was malformed.
    if (ch === '{' || ch === '}') {
      open.length = 0
      i++
      continue
    }

    if (isNameCharacter(ch) || (ch === '\\' && isValidEscape(css, i))) {
      const name = readName(css, i)
      i = name.next
      if (css[i] !== '(') continue

      const functionName = name.value.toLowerCase()
      if (functionName === 'url') {
        i = readUrlFunction(css, i + 1, urls, open)
      } else {
        open.push(functionName)
        i++
      }
      continue
    }

    i++
  }

  return urls
}

/**
 * Reads the argument of `url(` starting just after the parenthesis and returns the offset to
 * continue from. A quoted argument makes `url` an ordinary function, so its `)` stays open.
 */
function readUrlFunction(css: string, from: number, urls: CssUrl[], open: string[]): number {
  let i = skipWhitespace(css, from)
  const quote = css[i]

  if (quote === '"' || quote === "'") {
    const string = readString(css, i)
    if (!string.bad) urls.push({ value: string.value, start: i + 1, end: string.contentEnd, quote, context: 'url' })
    open.push('url')
    return string.next
  }

  const start = i
  let value = ''
  let end = i
  while (i < css.length) {
    const ch = css[i]!
    if (ch === ')') {
      if (end > start) urls.push({ value, start, end, quote: undefined, context: 'url' })
      return i + 1
    }

    if (isWhitespace(ch)) {
      end = i
      i = skipWhitespace(css, i)
      if (i >= css.length || css[i] === ')') continue
      return skipBadUrl(css, i)
    }

    if (ch === '"' || ch === "'" || ch === '(' || isNonPrintable(ch)) return skipBadUrl(css, i)

    if (ch === '\\') {
      if (!isValidEscape(css, i)) return skipBadUrl(css, i)
      const escape = readEscape(css, i)
      value += escape.value
      i = escape.next
      end = i
      continue
    }

    value += ch
    i++
    end = i
  }

  // The CSS tokenizer accepts a url token that the end of the file closes.
  if (end > start) urls.push({ value, start, end, quote: undefined, context: 'url' })
  return i
}

/** Consumes the rest of an invalid unquoted url token, up to and including its `)`. */
function skipBadUrl(css: string, from: number): number {
  let i = from
  while (i < css.length) {
    if (css[i] === ')') return i + 1
    i += css[i] === '\\' && isValidEscape(css, i) ? 2 : 1
  }
  return i
}

interface StringToken {
  value: string
  contentEnd: number
  next: number
  /** An unescaped newline ended the string, which makes it a bad string token that CSS drops. */
  bad: boolean
}

function readString(css: string, from: number): StringToken {
  const quote = css[from]
  let value = ''
  let i = from + 1

  while (i < css.length) {
    const ch = css[i]!
    if (ch === quote) return { value, contentEnd: i, next: i + 1, bad: false }
    if (ch === '\n' || ch === '\r' || ch === '\f') return { value, contentEnd: i, next: i, bad: true }

    if (ch === '\\') {
      const after = css[i + 1]
      if (after === undefined) {
        i++
      } else if (after === '\r' && css[i + 2] === '\n') {
        i += 3
      } else if (after === '\n' || after === '\r' || after === '\f') {
        i += 2
      } else {
        const escape = readEscape(css, i)
        value += escape.value
        i = escape.next
      }
      continue
    }

    value += ch
    i++
  }

  return { value, contentEnd: i, next: i, bad: false }
}

function readName(css: string, from: number): { value: string; next: number } {
  let value = ''
  let i = from
  while (i < css.length) {
    const ch = css[i]!
    if (ch === '\\' && isValidEscape(css, i)) {
      const escape = readEscape(css, i)
      value += escape.value
      i = escape.next
    } else if (isNameCharacter(ch)) {
      value += ch
      i++
    } else {
      break
    }
  }
  return { value, next: i }
}

/** Decodes the escape at `from` (a backslash not followed by a newline). */
function readEscape(css: string, from: number): { value: string; next: number } {
  let i = from + 1
  let hex = ''
  while (hex.length < 6 && i < css.length && /[0-9a-fA-F]/.test(css[i]!)) {
    hex += css[i]
    i++
  }

  if (hex === '') {
    const codePoint = css.codePointAt(i)
    if (codePoint === undefined) return { value: '\uFFFD', next: i }
    const value = String.fromCodePoint(codePoint)
    return { value, next: i + value.length }
  }

  // One whitespace after a hex escape belongs to the escape.
  if (css[i] === '\r' && css[i + 1] === '\n') i += 2
  else if (i < css.length && isWhitespace(css[i]!)) i++

  const codePoint = Number.parseInt(hex, 16)
  const valid = codePoint !== 0 && codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff)
  return { value: valid ? String.fromCodePoint(codePoint) : '\uFFFD', next: i }
}

function isValidEscape(css: string, at: number): boolean {
  const next = css[at + 1]
  return next !== undefined && next !== '\n' && next !== '\r' && next !== '\f'
}

function isNameCharacter(ch: string): boolean {
  return /[A-Za-z0-9_-]/.test(ch) || ch.charCodeAt(0) >= 0x80
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f'
}

function isNonPrintable(ch: string): boolean {
  const code = ch.charCodeAt(0)
  return code <= 0x08 || code === 0x0b || (code >= 0x0e && code <= 0x1f) || code === 0x7f
}

function skipWhitespace(css: string, from: number): number {
  let i = from
  while (i < css.length && isWhitespace(css[i]!)) i++
  return i
}
