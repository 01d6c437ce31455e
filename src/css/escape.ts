/**
 * Serialises `url` for the place it replaces: the inside of a CSS string quoted with `quote`,
 * or the inside of an unquoted `url(...)` when `quote` is undefined.
 */
export function escapeCssUrl(url: string, quote: '"' | "'" | undefined): string {
  let escaped = ''
  for (const ch of url) {
    const code = ch.codePointAt(0)!
    if (ch === '\\' || ch === quote) {
      escaped += `\\${ch}`
    } else if (code < 0x20 || code === 0x7f) {
      // A hex escape ends at the next space, so the following character cannot be read as hex.
      escaped += `\\${code.toString(16)} `
    } else if (quote === undefined && (ch === '"' || ch === "'" || ch === '(' || ch === ')' || ch === ' ')) {
      escaped += ch === ' ' ? '\\20 ' : `\\${ch}`
    } else {
      escaped += ch
    }
  }
  return escaped
}
