import type { EmulatorEndpoint, FaultResponse, FaultRule } from './types.js'

export const ENDPOINTS: readonly EmulatorEndpoint[] = [
  'upload',
  'get',
  'delete',
  'patch',
  'blob',
  'list-v1',
  'list-v2',
  'stats',
  'variants-list',
  'variants-create',
  'config',
  'batch-token',
  'delivery',
]

export const FAULT_SPEC_HELP =
  'ENDPOINT=RESPONSE[xTIMES], where ENDPOINT is an endpoint name or * for any, RESPONSE is STATUS[:json|html|text|empty], reset, delay:MS or success-false, and TIMES is a count or "always" (default 1); or a FaultRule as JSON'

/**
 * Parses a fault written on the command line, such as `upload=503:htmlx2`, `get=reset`,
 * `list-v2=delay:500`, `*=429` or a JSON `FaultRule`. Throws a TypeError naming the spec.
 */
export function parseFaultSpec(spec: string): FaultRule {
  const text = spec.trim()
  if (text.startsWith('{')) return parseJsonRule(spec)

  const invalid = (reason: string) => new TypeError(`Invalid fault ${JSON.stringify(spec)}: ${reason}. Expected ${FAULT_SPEC_HELP}.`)

  const separator = text.indexOf('=')
  if (separator <= 0) throw invalid('missing ENDPOINT=')
  const endpointText = text.slice(0, separator)
  let responseText = text.slice(separator + 1)

  const rule: Partial<FaultRule> = {}
  if (endpointText !== '*') {
    if (!ENDPOINTS.includes(endpointText as EmulatorEndpoint)) throw invalid(`unknown endpoint ${JSON.stringify(endpointText)} (known: ${ENDPOINTS.join(', ')})`)
    rule.endpoint = endpointText as EmulatorEndpoint
  }

  const timesMatch = /x(\d+|always)$/.exec(responseText)
  if (timesMatch?.[1]) {
    const times = timesMatch[1] === 'always' ? Infinity : Number(timesMatch[1])
    if (times < 1) throw invalid('TIMES must be 1 or more')
    rule.times = times
    responseText = responseText.slice(0, timesMatch.index)
  }

  rule.response = parseResponse(responseText, invalid)
  return rule as FaultRule
}

function parseResponse(text: string, invalid: (reason: string) => TypeError): FaultResponse {
  if (text === 'reset') return { kind: 'reset' }
  if (text === 'success-false') return { kind: 'success-false' }

  const delay = /^delay:(\d+)$/.exec(text)
  if (delay?.[1]) return { kind: 'delay', ms: Number(delay[1]) }

  const status = /^(\d{3})(?::(json|html|text|empty))?$/.exec(text)
  if (status?.[1]) {
    const code = Number(status[1])
    if (code < 100 || code > 599) throw invalid(`status ${code} is not an HTTP status`)
    const body = (status[2] ?? 'json') as 'json' | 'html' | 'text' | 'empty'
    return { kind: 'status', status: code, body }
  }
  throw invalid(`unknown RESPONSE ${JSON.stringify(text)}`)
}

function parseJsonRule(spec: string): FaultRule {
  let value: unknown
  try {
    value = JSON.parse(spec)
  } catch (error) {
    throw new TypeError(`Invalid fault ${JSON.stringify(spec)}: not valid JSON (${(error as Error).message})`)
  }
  const response = (value as { response?: { kind?: unknown } } | null)?.response
  const kinds = ['status', 'success-false', 'reset', 'delay']
  if (typeof value !== 'object' || value === null || typeof response?.kind !== 'string' || !kinds.includes(response.kind)) {
    throw new TypeError(`Invalid fault ${JSON.stringify(spec)}: a JSON fault needs response.kind set to one of ${kinds.join(', ')}`)
  }
  return value as FaultRule
}
