import path from 'node:path'

/** A text file of the site and its content after the rewrite. */
export interface SiteText {
  name: string
  content: string
}

/**
 * Returns, for each image whose file name still occurs in some text, the first text that names
 * it. The test is deliberately broad, so a deletion cannot break a page. Any occurrence of the
 * base name (as written, URL-encoded, or with `&` written `&amp;`) keeps the file, even in a
 * script or a link that the rewrite never parses. Two images with one base name keep each other.
 */
export function findStillNamed(imagePaths: readonly string[], texts: readonly SiteText[]): Map<string, string> {
  // Every spelling of a name ends with its extension, so the scan only compares text that ends
  // at an extension, taking one slice per distinct spelling length.
  const imagesBySpelling = new Map<string, string[]>()
  for (const imagePath of imagePaths) {
    for (const spelling of spellingsOf(path.basename(imagePath))) {
      const images = imagesBySpelling.get(spelling) ?? []
      images.push(imagePath)
      imagesBySpelling.set(spelling, images)
    }
  }

  const lengths = [...new Set([...imagesBySpelling.keys()].map((spelling) => spelling.length))]
  const extensions = new Set([...imagesBySpelling.keys()].map((spelling) => path.extname(spelling).toLowerCase()))
  const namedIn = new Map<string, string>()

  for (const text of texts) {
    for (const match of text.content.matchAll(/\.[A-Za-z0-9]+/g)) {
      if (!extensions.has(match[0].toLowerCase())) continue

      const end = match.index + match[0].length
      for (const length of lengths) {
        if (length > end) continue
        for (const image of imagesBySpelling.get(text.content.slice(end - length, end)) ?? []) {
          if (!namedIn.has(image)) namedIn.set(image, text.name)
        }
      }
    }
  }

  return namedIn
}

function spellingsOf(fileName: string): Set<string> {
  return new Set([fileName, encodeURI(fileName), encodeURIComponent(fileName), fileName.replaceAll('&', '&amp;')])
}
