import type { Limits } from './types.js'

/**
 * Input limits of images stored in Cloudflare Images, from Cloudflare's "Limits and formats" page
 * (developers.cloudflare.com/images/get-started/limits/). Users override single entries through
 * `limits`.
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxDimension: 12_000,
  maxAvifDimension: 1_200,
  maxPixels: 100_000_000,
  maxMetadataBytes: 1024,
  allowAvif: false,
} satisfies Limits)

function checkPositiveInteger(name: keyof Limits, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`Invalid limits.${name}: expected a positive integer, received ${JSON.stringify(value)}.`)
  }
  return value
}

/** Fills in the defaults and checks each value, throwing a `TypeError` that names the bad entry. */
export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  const merged = { ...DEFAULT_LIMITS, ...withoutUndefined(overrides) }
  if (typeof merged.allowAvif !== 'boolean') {
    throw new TypeError(`Invalid limits.allowAvif: expected true or false, received ${JSON.stringify(merged.allowAvif)}.`)
  }
  return {
    maxBytes: checkPositiveInteger('maxBytes', merged.maxBytes),
    maxDimension: checkPositiveInteger('maxDimension', merged.maxDimension),
    maxAvifDimension: checkPositiveInteger('maxAvifDimension', merged.maxAvifDimension),
    maxPixels: checkPositiveInteger('maxPixels', merged.maxPixels),
    maxMetadataBytes: checkPositiveInteger('maxMetadataBytes', merged.maxMetadataBytes),
    allowAvif: merged.allowAvif,
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>
}
