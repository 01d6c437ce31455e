// Summaries of repeated measurements. Medians, because a 2-core machine shared with other
// work produces outliers in one direction only (slower), and a mean would absorb them.

export interface Summary {
  median: number
  min: number
  max: number
  /** Every sample, in the order measured. */
  samples: number[]
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median() needs at least one value')

  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export function summarize(samples: readonly number[]): Summary {
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    samples: [...samples],
  }
}

/** Element-wise ratio of two equally long sample lists (for example the same run pair of two variants). */
export function pairedRatios(numerators: readonly number[], denominators: readonly number[]): number[] {
  if (numerators.length !== denominators.length) {
    throw new RangeError(`pairedRatios() needs lists of equal length, got ${numerators.length} and ${denominators.length}`)
  }
  return numerators.map((value, index) => value / denominators[index]!)
}
