/** Shortest piece of a secret that is redacted on its own, so a token cut off by a length limit still does not leak. */
const MIN_REDACTED_PREFIX = 8

/**
 * Shortest secret whose prefixes are redacted. Cloudflare API tokens are typically 40 characters
 * long. Shorter secrets are test tokens such as the emulator's `emulator-token`, and redacting
 * their 8-character prefixes would also hide ordinary words ("emulator") that messages need.
 */
const MIN_PREFIX_REDACTED_SECRET = 20

const PLACEHOLDER = '[redacted]'

/** Every credential a client and its batch clients have used, so any text can be scrubbed before it leaves. */
export class SecretSet {
  readonly #secrets = new Set<string>()

  add(secret: string): void {
    if (secret !== '') {
      this.#secrets.add(secret)
    }
  }

  /**
   * Replaces every secret, and every run of at least 8 characters that matches the start of a
   * secret (the remains of a secret cut short), with `[redacted]`. Secrets shorter than 20
   * characters are only replaced whole.
   */
  redact(text: string): string {
    let result = text
    for (const secret of this.#secrets) {
      result = result.split(secret).join(PLACEHOLDER)
      if (secret.length >= MIN_PREFIX_REDACTED_SECRET) {
        result = redactPrefixes(result, secret)
      }
    }
    return result
  }
}

/** Replaces each run in `text` that matches the first 8 or more characters of `secret`. */
function redactPrefixes(text: string, secret: string): string {
  const head = secret.slice(0, MIN_REDACTED_PREFIX)
  let output = ''
  let from = 0
  let start = text.indexOf(head, from)
  while (start !== -1) {
    let end = start + head.length
    while (end < text.length && end - start < secret.length && text[end] === secret[end - start]) {
      end += 1
    }
    output += text.slice(from, start) + PLACEHOLDER
    from = end
    start = text.indexOf(head, from)
  }
  return output + text.slice(from)
}
