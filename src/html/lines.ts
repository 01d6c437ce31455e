/** Maps source offsets to 1-based line numbers. */
export class LineIndex {
  private readonly lineStarts: number[] = [0]

  constructor(source: string) {
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) {
      this.lineStarts.push(i + 1)
    }
  }

  lineAt(offset: number): number {
    let low = 0
    let high = this.lineStarts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (this.lineStarts[middle]! <= offset) low = middle
      else high = middle - 1
    }
    return low + 1
  }
}
