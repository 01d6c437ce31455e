import { isRecord } from './envelope.js'

// Checks of success results: each returns what is wrong, or undefined when the result is usable.

export function checkImage(result: unknown): string | undefined {
  return isRecord(result) && typeof result.id === 'string' && result.id !== '' ? undefined : 'success response without result.id'
}

export function checkListPage(result: unknown): string | undefined {
  if (!isRecord(result) || !Array.isArray(result.images)) {
    return 'success response without result.images'
  }
  const token = result.continuation_token
  if (token !== undefined && token !== null && typeof token !== 'string') {
    return 'result.continuation_token is neither a string nor null'
  }
  return result.images.every((image) => checkImage(image) === undefined) ? undefined : 'an image in result.images has no id'
}

export function checkStats(result: unknown): string | undefined {
  const count = isRecord(result) ? result.count : undefined
  return isRecord(count) && typeof count.allowed === 'number' && typeof count.current === 'number' ? undefined : 'success response without result.count'
}

export function checkVariants(result: unknown): string | undefined {
  return isRecord(result) && isRecord(result.variants) ? undefined : 'success response without a result.variants object'
}

export function checkVariant(result: unknown): string | undefined {
  const variant = isRecord(result) ? result.variant : undefined
  return isRecord(variant) && typeof variant.id === 'string' ? undefined : 'success response without result.variant.id'
}

export function checkBatchToken(result: unknown): string | undefined {
  return isRecord(result) && typeof result.token === 'string' && result.token !== '' && typeof result.expiresAt === 'string'
    ? undefined
    : 'success response without result.token and result.expiresAt'
}
