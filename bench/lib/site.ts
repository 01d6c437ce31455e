// A generated Vite site whose images are referenced from HTML, CSS and JavaScript, a third each.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { createRandom, ensureImageSet, EXTENSIONS, type BenchFormat, type ImageSet, type ImageSpec } from './images.js'

export interface SiteOptions {
  dir: string
  imageCount: number
  minBytes: number
  maxBytes: number
}

export interface Site {
  root: string
  images: ImageSet
  /** Number of images referenced from index.html, src/style.css and src/main.js. */
  referencedFrom: { html: number; css: number; js: number }
}

/** Formats in a repeating cycle of 20: 7 JPEG, 5 PNG, 5 WebP, 1 GIF, 2 SVG. */
function formatFor(index: number): BenchFormat {
  const slot = index % 20
  if (slot < 7) return 'jpeg'
  if (slot < 12) return 'png'
  if (slot < 17) return 'webp'
  if (slot < 18) return 'gif'
  return 'svg'
}

const PLACES = ['html', 'css', 'js'] as const

function siteImageSpecs(options: SiteOptions): ImageSpec[] {
  const random = createRandom(20_261_204)
  const ratio = options.maxBytes / options.minBytes
  return Array.from({ length: options.imageCount }, (_, index) => {
    const format = formatFor(index)
    // Log-uniform sizes: as many images between 10 and 50 KB as between 100 and 500 KB.
    const targetBytes = Math.round(options.minBytes * ratio ** random())
    const place = PLACES[index % PLACES.length]!
    return { file: `${place}/image-${String(index).padStart(4, '0')}.${EXTENSIONS[format]}`, format, targetBytes, seed: 1000 + index }
  })
}

/** Writes the site (images cached between runs, text files always rewritten) and returns its layout. */
export async function ensureSite(options: SiteOptions, log: (message: string) => void): Promise<Site> {
  const root = options.dir
  const images = await ensureImageSet(path.join(root, 'images'), siteImageSpecs(options), log)
  const byPlace = (place: (typeof PLACES)[number]) => images.files.filter((image) => image.file.startsWith(`${place}/`))

  const htmlImages = byPlace('html')
  const cssImages = byPlace('css')
  const jsImages = byPlace('js')

  const html = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '  <meta charset="utf-8">',
    '  <title>Benchmark site</title>',
    '  <link rel="stylesheet" href="./src/style.css">',
    '</head>',
    '<body>',
    '  <main>',
    ...htmlImages.map((image, index) => `    <img src="./images/${image.file}" alt="Image ${index}" width="200" height="150">`),
    '  </main>',
    '  <div id="app"></div>',
    '  <script type="module" src="./src/main.js"></script>',
    '</body>',
    '</html>',
    '',
  ].join('\n')

  const css = cssImages.map((image, index) => `.background-${index} {\n  background-image: url("../images/${image.file}");\n}\n`).join('\n')

  const js = [
    ...jsImages.map((image, index) => `import image${index} from '../images/${image.file}'`),
    '',
    `const urls = [${jsImages.map((_, index) => `image${index}`).join(', ')}]`,
    "const app = document.getElementById('app')",
    'for (const url of urls) {',
    "  const img = document.createElement('img')",
    '  img.src = url',
    '  app.append(img)',
    '}',
    '',
  ].join('\n')

  await mkdir(path.join(root, 'src'), { recursive: true })
  await writeFile(path.join(root, 'index.html'), html)
  await writeFile(path.join(root, 'src', 'style.css'), css)
  await writeFile(path.join(root, 'src', 'main.js'), js)

  return { root, images, referencedFrom: { html: htmlImages.length, css: cssImages.length, js: jsImages.length } }
}
