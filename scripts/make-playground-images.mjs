#!/usr/bin/env node
// Regenerates every image of the playground site with sharp: gradients, shapes and text
// drawn as SVG, a seeded grain so each raster file stays above Vite's 4 KiB inline limit,
// and no downloads. Usage: `npm run images` (writes into playground/, prints each file).
//
// The output is byte-identical between runs on one machine. Text is rendered by librsvg
// with the fonts fontconfig finds (DejaVu Sans on Debian), so another machine or another
// sharp version may produce different bytes, which then get new content IDs and upload again.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'

const playgroundDir = fileURLToPath(new URL('../playground/', import.meta.url))

const FONT = 'DejaVu Sans, Liberation Sans, sans-serif'

/** Creates a seeded 32-bit xorshift generator, so the grain is the same on every run. */
function createRandom(seed) {
  let state = seed >>> 0 || 1
  return () => {
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state / 0x1_0000_0000
  }
}

/** Makes a raw RGBA overlay of random light and dark specks. `amount` is the share of pixels covered. */
function grain(width, height, seed, amount = 0.25, strength = 40) {
  const random = createRandom(seed)
  const pixels = Buffer.alloc(width * height * 4)
  for (let i = 0; i < width * height; i++) {
    if (random() >= amount) continue
    const value = random() < 0.5 ? 0 : 255
    pixels.fill(value, i * 4, i * 4 + 3)
    pixels[i * 4 + 3] = Math.round(random() * strength)
  }
  return { input: pixels, raw: { width, height, channels: 4 } }
}

function svg(width, height, body) {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`,
  )
}

function linearGradient(id, stops, { x2 = 1, y2 = 1 } = {}) {
  const stopTags = stops.map((color, i) => `<stop offset="${i / (stops.length - 1)}" stop-color="${color}"/>`).join('')
  return `<linearGradient id="${id}" x1="0" y1="0" x2="${x2}" y2="${y2}">${stopTags}</linearGradient>`
}

function label(text, x, y, size, { color = '#ffffff', anchor = 'start', weight = 'bold' } = {}) {
  return `<text x="${x}" y="${y}" font-family="${FONT}" font-size="${size}" font-weight="${weight}" fill="${color}" text-anchor="${anchor}">${text}</text>`
}

/** Draws a landscape: sky gradient, sun, two mountain ridges and a caption. */
function landscapeSvg(width, height, { sky, sun, ridges, caption }) {
  const ridge = (color, base, amplitude, phase) => {
    const points = []
    for (let step = 0; step <= 48; step++) {
      const x = (width * step) / 48
      const y = base - amplitude * Math.abs(Math.sin((x / width) * Math.PI * 3 + phase))
      points.push(`${x.toFixed(1)},${y.toFixed(1)}`)
    }
    return `<polygon fill="${color}" points="0,${height} ${points.join(' ')} ${width},${height}"/>`
  }
  const body = [
    `<defs>${linearGradient('sky', sky, { x2: 0, y2: 1 })}</defs>`,
    `<rect width="${width}" height="${height}" fill="url(#sky)"/>`,
    `<circle cx="${width * 0.72}" cy="${height * 0.32}" r="${height * 0.12}" fill="${sun}"/>`,
    ridge(ridges[0], height * 0.7, height * 0.25, 0.4),
    ridge(ridges[1], height * 0.85, height * 0.18, 1.3),
    caption ? label(caption, width * 0.05, height * 0.93, Math.round(height * 0.07)) : '',
  ]
  return svg(width, height, body.join(''))
}

/** Draws a grid of tiles with concentric circles, each tile a different hue. */
function tilesSvg(width, height, columns, rows) {
  const tileWidth = width / columns
  const tileHeight = height / rows
  const tiles = []
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const hue = (row * columns + column) * (360 / (columns * rows))
      const x = column * tileWidth
      const y = row * tileHeight
      tiles.push(`<rect x="${x}" y="${y}" width="${tileWidth}" height="${tileHeight}" fill="hsl(${hue},70%,55%)"/>`)
      tiles.push(`<circle cx="${x + tileWidth / 2}" cy="${y + tileHeight / 2}" r="${tileHeight * 0.35}" fill="hsl(${(hue + 180) % 360},70%,45%)"/>`)
      tiles.push(`<circle cx="${x + tileWidth / 2}" cy="${y + tileHeight / 2}" r="${tileHeight * 0.15}" fill="#ffffff" fill-opacity="0.8"/>`)
    }
  }
  return svg(width, height, tiles.join(''))
}

/** Draws sine bands in shades of blue. */
function wavesSvg(width, height) {
  const bands = []
  for (let band = 0; band < 8; band++) {
    const points = []
    for (let x = 0; x <= width; x += 8) {
      const y = (band + 1) * (height / 9) + Math.sin(x / 40 + band) * 14
      points.push(`${x},${y.toFixed(1)}`)
    }
    bands.push(`<polyline fill="none" stroke="hsl(${200 + band * 6},80%,${30 + band * 6}%)" stroke-width="10" points="${points.join(' ')}"/>`)
  }
  return svg(width, height, `<rect width="${width}" height="${height}" fill="#0b2545"/>${bands.join('')}${label('Waves', 20, height - 24, 36)}`)
}

/** Draws one frame of the animated GIF: a ring of dots with one highlighted. */
function pulseFrameSvg(size, frame, frames) {
  const dots = []
  for (let i = 0; i < frames; i++) {
    const angle = (i / frames) * Math.PI * 2
    const x = size / 2 + Math.cos(angle) * size * 0.34
    const y = size / 2 + Math.sin(angle) * size * 0.34
    const color = i === frame ? '#ff6b35' : '#2d3142'
    dots.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${size * 0.07}" fill="${color}"/>`)
  }
  return svg(size, size, `<rect width="${size}" height="${size}" fill="#f4f1de"/>${dots.join('')}${label(String(frame + 1), size / 2, size / 2 + 14, 40, { color: '#2d3142', anchor: 'middle' })}`)
}

/**
 * Writes a compass rose as a standalone SVG file (shipped as SVG, not rasterised). Its 72 tick
 * marks and four labels keep it above 4 KiB, so Vite emits it as a file instead of inlining it.
 */
function compassSvgText() {
  const size = 320
  const center = size / 2
  const ticks = []
  for (let i = 0; i < 72; i++) {
    const angle = (i / 72) * Math.PI * 2
    const inner = i % 9 === 0 ? 118 : 128
    const x1 = (center + Math.cos(angle) * inner).toFixed(2)
    const y1 = (center + Math.sin(angle) * inner).toFixed(2)
    const x2 = (center + Math.cos(angle) * 140).toFixed(2)
    const y2 = (center + Math.sin(angle) * 140).toFixed(2)
    ticks.push(`  <line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#1d3557" stroke-width="${i % 9 === 0 ? 3 : 1.5}"/>`)
  }
  const labels = [
    ['N', center, 44],
    ['E', size - 34, center + 8],
    ['S', center, size - 26],
    ['W', 34, center + 8],
  ].map(([text, x, y]) => `  <text x="${x}" y="${y}" font-family="sans-serif" font-size="24" font-weight="bold" fill="#e63946" text-anchor="middle">${text}</text>`)
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">`,
    '  <title>Compass rose</title>',
    `  <circle cx="${center}" cy="${center}" r="150" fill="#f1faee" stroke="#1d3557" stroke-width="4"/>`,
    ...ticks,
    `  <polygon points="${center},40 ${center + 18},${center} ${center},${size - 40} ${center - 18},${center}" fill="#457b9d"/>`,
    `  <polygon points="40,${center} ${center},${center - 18} ${size - 40},${center} ${center},${center + 18}" fill="#a8dadc"/>`,
    `  <circle cx="${center}" cy="${center}" r="10" fill="#e63946"/>`,
    ...labels,
    '</svg>',
    '',
  ].join('\n')
}

function raster(svgBuffer, width, height, seed) {
  return sharp(svgBuffer).composite([grain(width, height, seed)])
}

// Each entry: the file (relative to playground/) and a function that returns its bytes.
const images = [
  // Hero <picture>: WebP sources with w descriptors and a JPEG fallback with its own srcset.
  ...[800, 1200].flatMap((width) => {
    const height = Math.round(width * 0.4)
    const draw = () => raster(landscapeSvg(width, height, { sky: ['#1e3c72', '#f7b267'], sun: '#ffd166', ridges: ['#3d405b', '#22223b'], caption: `Hero ${width}w` }), width, height, width)
    return [
      { file: `src/images/hero/hero-${width}.jpg`, make: () => draw().jpeg({ quality: 72, mozjpeg: true }).toBuffer() },
      { file: `src/images/hero/hero-${width}.webp`, make: () => draw().webp({ quality: 70 }).toBuffer() },
    ]
  }),

  // Logo for <img srcset="... 1x, ... 2x">.
  ...[1, 2].map((scale) => {
    const width = 220 * scale
    const height = 64 * scale
    const body = `<defs>${linearGradient('logo', ['#ff6b35', '#f7c59f'])}</defs><rect width="${width}" height="${height}" rx="${12 * scale}" fill="url(#logo)"/>${label(`Playground ${scale}x`, width / 2, height * 0.64, 26 * scale, { color: '#1a1a2e', anchor: 'middle' })}`
    const file = scale === 1 ? 'src/images/logo.png' : 'src/images/logo@2x.png'
    return { file, make: () => raster(svg(width, height, body), width, height, 100 + scale).png({ compressionLevel: 9 }).toBuffer() }
  }),

  // Gallery: one photo per format Cloudflare Images accepts.
  {
    file: 'src/images/gallery/mountains.jpg',
    make: () => raster(landscapeSvg(640, 420, { sky: ['#89c2d9', '#e9f5db'], sun: '#ffffff', ridges: ['#52796f', '#354f52'], caption: 'Mountains' }), 640, 420, 7).jpeg({ quality: 75, mozjpeg: true }).toBuffer(),
  },
  {
    file: 'src/images/gallery/tiles.png',
    make: () => raster(tilesSvg(480, 320, 6, 4), 480, 320, 8).png({ compressionLevel: 9 }).toBuffer(),
  },
  {
    file: 'src/images/gallery/waves.webp',
    make: () => raster(wavesSvg(640, 420), 640, 420, 9).webp({ quality: 72 }).toBuffer(),
  },
  {
    file: 'src/images/gallery/pulse.gif',
    make: async () => {
      const frames = await Promise.all(Array.from({ length: 6 }, (_, i) => sharp(pulseFrameSvg(160, i, 6)).png().toBuffer()))
      return sharp(frames, { join: { animated: true } }).gif({ delay: 150, loop: 0 }).toBuffer()
    },
  },
  { file: 'src/images/gallery/compass.svg', make: () => Buffer.from(compassSvgText()) },

  // The same bytes under two names in two folders: one upload and one URL expected.
  ...['src/images/gallery/sunset.jpg', 'src/images/archive/evening-copy.jpg'].map((file) => ({
    file,
    make: () => raster(landscapeSvg(640, 420, { sky: ['#5f0f40', '#fb8b24'], sun: '#e36414', ridges: ['#9a031e', '#0f4c5c'], caption: 'Sunset' }), 640, 420, 11).jpeg({ quality: 75, mozjpeg: true }).toBuffer(),
  })),

  // CSS backgrounds: one from the main stylesheet, one from a Sass partial in another folder.
  {
    file: 'src/images/backgrounds/paper.png',
    make: () => raster(svg(160, 160, '<rect width="160" height="160" fill="#fdf6e3"/><path d="M0 80 H160 M80 0 V160" stroke="#eee8d5" stroke-width="6"/>'), 160, 160, 12).png({ compressionLevel: 9 }).toBuffer(),
  },
  {
    file: 'src/images/backgrounds/hero-sky.jpg',
    make: () => raster(landscapeSvg(960, 360, { sky: ['#0d1b2a', '#415a77'], sun: '#e0e1dd', ridges: ['#1b263b', '#0d1b2a'] }), 960, 360, 13).jpeg({ quality: 70, mozjpeg: true }).toBuffer(),
  },

  // Imported from TypeScript and added to the DOM at run time.
  {
    file: 'src/images/card.jpg',
    make: () => raster(landscapeSvg(480, 300, { sky: ['#ffafcc', '#bde0fe'], sun: '#ffc8dd', ridges: ['#a2d2ff', '#cdb4db'], caption: 'Imported from TS' }), 480, 300, 14).jpeg({ quality: 75, mozjpeg: true }).toBuffer(),
  },

  // og:image: 1200x630 is the size social sites recommend.
  {
    file: 'src/images/og-card.jpg',
    make: () => raster(landscapeSvg(1200, 630, { sky: ['#264653', '#2a9d8f'], sun: '#e9c46a', ridges: ['#f4a261', '#e76f51'], caption: 'vite-plugin-cloudflare-images' }), 1200, 630, 15).jpeg({ quality: 70, mozjpeg: true }).toBuffer(),
  },

  // Files in public/: referenced by absolute path, one with a space in its name.
  {
    file: 'public/favicon.png',
    make: () => raster(svg(64, 64, `<rect width="64" height="64" rx="14" fill="#ff6b35"/>${label('CF', 32, 42, 28, { anchor: 'middle' })}`), 64, 64, 16).png({ compressionLevel: 9 }).toBuffer(),
  },
  {
    file: 'public/my photo.jpg',
    make: () => raster(landscapeSvg(640, 420, { sky: ['#caf0f8', '#0077b6'], sun: '#ffffff', ridges: ['#03045e', '#023e8a'], caption: 'public/my photo.jpg' }), 640, 420, 17).jpeg({ quality: 75, mozjpeg: true }).toBuffer(),
  },
]

let totalBytes = 0
for (const { file, make } of images) {
  const path = join(playgroundDir, file)
  const bytes = await make()
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, bytes)
  totalBytes += bytes.length
  process.stdout.write(`${String(bytes.length).padStart(8)}  ${relative(process.cwd(), path)}\n`)
}
process.stdout.write(`${String(totalBytes).padStart(8)}  total, ${images.length} files\n`)
