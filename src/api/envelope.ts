import type { CloudflareErrorItem } from './errors.js'

/** A response as the transport read it, before any interpretation. */
export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Uint8Array
}

export type ParsedEnvelope =
  | { ok: true; result: unknown }
  | {
      ok: false
      errors: CloudflareErrorItem[]
      /** Description of the body when it carries no usable Cloudflare errors. */
      detail: string | undefined
      /** True when a 2xx body is not a valid success envelope at all. */
      invalid: boolean
    }

const MAX_SNIPPET = 200

/** Replaces every secret in a text with a placeholder. */
export type Redact = (text: string) => string

/**
 * Parses every body form the Images API and the proxies in front of it produce:
 * the JSON envelope, `text/plain` `ERROR 5404: ...` lines, HTML error pages, empty and invalid bodies.
 * Only a 2xx JSON envelope with `success: true` is a success.
 *
 * Every text taken from the response passes through `redact` before it is shortened, because a
 * proxy may echo the Authorization header and a token cut in half no longer matches the secret.
 */
export function parseEnvelope(response: RawResponse, redact: Redact = (text) => text): ParsedEnvelope {
  const text = new TextDecoder().decode(response.body)
  const trimmed = text.trim()
  const contentType = headerValue(response.headers, 'content-type')?.toLowerCase() ?? ''
  const is2xx = response.status >= 200 && response.status < 300

  let parsed: ParsedEnvelope
  if (trimmed === '') {
    parsed = failure([], 'empty body', is2xx)
  } else if (contentType.includes('json') || trimmed.startsWith('{')) {
    parsed = parseJson(trimmed, is2xx, redact)
  } else if (contentType.includes('html') || trimmed.startsWith('<')) {
    parsed = failure([], summariseHtml(trimmed, redact), is2xx)
  } else {
    parsed = parsePlainText(trimmed, is2xx, redact)
  }

  if (!parsed.ok) {
    addHeaderCode(parsed.errors, headerValue(response.headers, 'cf-images'))
    for (const item of parsed.errors) {
      item.message = redact(item.message)
    }
  }
  return parsed
}

function failure(errors: CloudflareErrorItem[], detail: string | undefined, invalid: boolean): ParsedEnvelope {
  return { ok: false, errors, detail, invalid }
}

function parseJson(text: string, is2xx: boolean, redact: Redact): ParsedEnvelope {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return failure([], `invalid JSON body ${JSON.stringify(snippet(redact(text)))}`, is2xx)
  }
  if (!isRecord(value) || typeof value.success !== 'boolean') {
    return failure(collectErrors(isRecord(value) ? value.errors : undefined), 'JSON body without a success field', is2xx)
  }

  if (value.success && is2xx) {
    return { ok: true, result: value.result }
  }

  const errors = collectErrors(value.errors)
  let detail: string | undefined
  if (is2xx) {
    detail = 'success is false'
  } else if (errors.length === 0) {
    detail = 'no Cloudflare errors in the body'
  }
  return failure(errors, detail, false)
}

/** Flattens `errors[]` and every nested `error_chain[]` into one list, outer errors first. */
function collectErrors(value: unknown): CloudflareErrorItem[] {
  const items: CloudflareErrorItem[] = []
  const visit = (list: unknown): void => {
    if (!Array.isArray(list)) {
      return
    }
    for (const entry of list) {
      if (!isRecord(entry)) {
        continue
      }
      const code = typeof entry.code === 'number' ? entry.code : Number(entry.code)
      if (Number.isInteger(code)) {
        items.push({ code, message: typeof entry.message === 'string' ? entry.message : '' })
      }
      visit(entry.error_chain)
    }
  }
  visit(value)
  return items
}

/** Reads lines like `ERROR 5404: Image not found`, the form the real API uses for some 404s. */
function parsePlainText(text: string, is2xx: boolean, redact: Redact): ParsedEnvelope {
  const errors: CloudflareErrorItem[] = []
  for (const match of text.matchAll(/^ERROR (\d+):\s*(.*)$/gm)) {
    errors.push({ code: Number(match[1]), message: (match[2] ?? '').trim() })
  }
  const detail = errors.length === 0 ? `text body ${JSON.stringify(snippet(redact(text)))}` : undefined
  return failure(errors, detail, is2xx)
}

/** Reduces an HTML page to its title: proxies send whole error pages, and a message needs one line. */
function summariseHtml(html: string, redact: Redact): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]
  // Entities are decoded before redaction, because an encoded token would not match the secret.
  const cleaned = title === undefined ? '' : redact(decodeBasicEntities(title.replace(/\s+/g, ' ').trim()))
  return cleaned === '' ? 'HTML page without a title' : `HTML page ${JSON.stringify(snippet(cleaned))}`
}

function decodeBasicEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

/** Adds the code of a `cf-images: err=5404` header when the body did not already carry it. */
function addHeaderCode(errors: CloudflareErrorItem[], header: string | undefined): void {
  const match = header === undefined ? null : /err=(\d+)/.exec(header)
  if (match === null) {
    return
  }
  const code = Number(match[1])
  if (!errors.some((item) => item.code === code)) {
    errors.push({ code, message: 'reported in the cf-images header' })
  }
}

function snippet(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ')
  return oneLine.length <= MAX_SNIPPET ? oneLine : `${oneLine.slice(0, MAX_SNIPPET)}…`
}

export function headerValue(headers: RawResponse['headers'], name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
