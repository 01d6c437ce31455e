// `srcset` parsing as the HTML Standard defines it ("parse a srcset attribute"). A candidate's
// URL runs to the next whitespace, so it may contain commas, and only trailing commas end it.

/** One image candidate of a `srcset` value. */
export interface SrcsetCandidate {
  url: string
  /** Descriptor tokens as written, such as `2x` or `480w`, or empty when the candidate has none. */
  descriptors: string[]
  /** Offset of the URL in the parsed value. */
  start: number
  /** Offset just past the URL in the parsed value. */
  end: number
}

const WHITESPACE = /[\t\n\f\r ]/

/**
 * Splits a `srcset` value into candidates. Unlike a browser it keeps candidates whose
 * descriptors are invalid, because a rewrite must not drop text the author wrote.
 */
export function parseSrcset(value: string): SrcsetCandidate[] {
  const candidates: SrcsetCandidate[] = []
  let i = 0

  while (i < value.length) {
    while (i < value.length && (WHITESPACE.test(value[i]!) || value[i] === ',')) i++
    if (i >= value.length) break

    const start = i
    while (i < value.length && !WHITESPACE.test(value[i]!)) i++
    let end = i

    if (value[end - 1] === ',') {
      while (end > start && value[end - 1] === ',') end--
      if (end > start) candidates.push({ url: value.slice(start, end), descriptors: [], start, end })
      continue
    }

    const descriptors = readDescriptors(value, i)
    candidates.push({ url: value.slice(start, end), descriptors: descriptors.tokens, start, end })
    i = descriptors.next
  }

  return candidates
}

/** Reads descriptors as the HTML Standard's tokenizer does. Tokens end at whitespace, and the list ends at a comma outside parentheses. */
function readDescriptors(value: string, from: number): { tokens: string[]; next: number } {
  const tokens: string[] = []
  let current = ''
  let inParentheses = false
  let i = from

  while (i < value.length && WHITESPACE.test(value[i]!)) i++

  while (i < value.length) {
    const ch = value[i]!

    if (inParentheses) {
      current += ch
      if (ch === ')') inParentheses = false
    } else if (WHITESPACE.test(ch)) {
      if (current !== '') tokens.push(current)
      current = ''
    } else if (ch === ',') {
      if (current !== '') tokens.push(current)
      return { tokens, next: i + 1 }
    } else {
      current += ch
      if (ch === '(') inParentheses = true
    }

    i++
  }

  if (current !== '') tokens.push(current)
  return { tokens, next: i }
}

/**
 * Joins candidates into a `srcset` value with `, ` between them. A candidate whose URL contains
 * a comma and has no descriptor gets an explicit `1x` (the default density), so a separator
 * always follows whitespace and the comma stays part of the URL.
 */
export function serializeSrcset(candidates: ReadonlyArray<Pick<SrcsetCandidate, 'url' | 'descriptors'>>): string {
  return candidates
    .map((candidate) => {
      const descriptors = candidate.descriptors.length === 0 && candidate.url.includes(',') ? ['1x'] : candidate.descriptors
      return [candidate.url, ...descriptors].join(' ')
    })
    .join(', ')
}
