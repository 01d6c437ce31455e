// The throughput chart of docs/benchmarks.md: an SVG drawn here, rendered to PNG with sharp.
import sharp from 'sharp'

export interface ThroughputSeriesPoint {
  concurrency: number
  ideal: number
  achievedMedian: number
  achievedMin: number
  achievedMax: number
}

const WIDTH = 720
const HEIGHT = 440
const MARGIN = { top: 48, right: 28, bottom: 64, left: 76 }
const FONT = 'DejaVu Sans, Liberation Sans, sans-serif'

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Returns a round step that gives about five grid lines up to `max`. */
function gridStep(max: number): number {
  const rough = max / 5
  const magnitude = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough)
  return step ?? 10 * magnitude
}

export function throughputSvg(points: readonly ThroughputSeriesPoint[], title: string): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom
  const yMax = Math.max(...points.flatMap((point) => [point.ideal, point.achievedMax])) * 1.1
  const step = gridStep(yMax)
  const yTop = Math.ceil(yMax / step) * step

  // Concurrency doubles per point, so the x axis is logarithmic with evenly spaced points.
  const inset = 40
  const xOf = (index: number): number =>
    MARGIN.left + inset + (points.length === 1 ? (plotWidth - 2 * inset) / 2 : (index * (plotWidth - 2 * inset)) / (points.length - 1))
  const yOf = (value: number): number => MARGIN.top + plotHeight - (value / yTop) * plotHeight
  const line = (values: number[]): string => values.map((value, index) => `${index === 0 ? 'M' : 'L'}${xOf(index).toFixed(1)},${yOf(value).toFixed(1)}`).join(' ')

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="${FONT}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="28" font-size="17" text-anchor="middle" fill="#111">${escapeXml(title)}</text>`,
  ]

  for (let value = 0; value <= yTop + step / 2; value += step) {
    const y = yOf(value).toFixed(1)
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#e3e3e3"/>`)
    parts.push(`<text x="${MARGIN.left - 8}" y="${y}" dy="4" font-size="12" text-anchor="end" fill="#444">${value}</text>`)
  }
  points.forEach((point, index) => {
    parts.push(`<text x="${xOf(index).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 20}" font-size="12" text-anchor="middle" fill="#444">${point.concurrency}</text>`)
  })
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 18}" font-size="13" text-anchor="middle" fill="#222">concurrency (uploads in flight)</text>`)
  parts.push(
    `<text transform="translate(20 ${MARGIN.top + plotHeight / 2}) rotate(-90)" font-size="13" text-anchor="middle" fill="#222">uploads per second</text>`,
  )

  parts.push(`<path d="${line(points.map((point) => point.ideal))}" fill="none" stroke="#888" stroke-width="2" stroke-dasharray="7 5"/>`)
  parts.push(`<path d="${line(points.map((point) => point.achievedMedian))}" fill="none" stroke="#d9480f" stroke-width="2.5"/>`)
  points.forEach((point, index) => {
    const x = xOf(index).toFixed(1)
    parts.push(`<line x1="${x}" x2="${x}" y1="${yOf(point.achievedMin).toFixed(1)}" y2="${yOf(point.achievedMax).toFixed(1)}" stroke="#d9480f" stroke-width="1.5"/>`)
    parts.push(`<circle cx="${x}" cy="${yOf(point.achievedMedian).toFixed(1)}" r="4.5" fill="#d9480f"/>`)
    parts.push(`<circle cx="${x}" cy="${yOf(point.ideal).toFixed(1)}" r="3.5" fill="#888"/>`)
  })

  const legendX = MARGIN.left + 16
  const legendY = MARGIN.top + 14
  parts.push(`<line x1="${legendX}" x2="${legendX + 30}" y1="${legendY}" y2="${legendY}" stroke="#888" stroke-width="2" stroke-dasharray="7 5"/>`)
  parts.push(`<text x="${legendX + 38}" y="${legendY + 4}" font-size="12" fill="#222">ideal: concurrency / upload latency</text>`)
  parts.push(`<line x1="${legendX}" x2="${legendX + 30}" y1="${legendY + 20}" y2="${legendY + 20}" stroke="#d9480f" stroke-width="2.5"/>`)
  parts.push(`<text x="${legendX + 38}" y="${legendY + 24}" font-size="12" fill="#222">achieved (whole call): median, bar from min to max</text>`)

  parts.push('</svg>')
  return parts.join('\n')
}

export async function renderPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 144 }).png({ compressionLevel: 9 }).toBuffer()
}
