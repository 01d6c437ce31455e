import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { sha256Bytes } from '../core/index.js'
import type { BuildState } from './build-state.js'
import { queryAndHash, stripQueryAndHash } from './formats.js'
import { deliveryUrlFor, type ImageUrlSettings } from './image-urls.js'
import { VARIANT_QUERY, variantFromQuery } from './variant.js'

// Queries that still mean "the URL of this image". Anything else (`?inline`, `?raw`, a worker)
// is left to Vite.
const URL_QUERIES = new Set(['url', 'no-inline', VARIANT_QUERY])

/**
 * Creates the `load` handler for library mode (`build.lib`). There Vite inlines every asset as a
 * `data:` URI, so `renderBuiltUrl` never runs for images. This handler loads a JS image import as
 * its delivery URL instead, and records the image for upload. CSS `url()` in library mode stays
 * inlined by Vite.
 */
export function createLibraryImageLoader(state: BuildState, settings: ImageUrlSettings): (id: string) => Promise<string | null> {
  return async (id) => {
    if (!state.rewriting || id.startsWith('\0')) return null

    const file = stripQueryAndHash(id)
    const query = new URLSearchParams(queryAndHash(id).replace(/^\?/, '').replace(/#.*$/, ''))
    if ([...query.keys()].some((key) => !URL_QUERIES.has(key))) return null
    if (!path.isAbsolute(file) || !settings.isEligible(file)) return null

    const bytes = await readFile(file)
    const sha256 = sha256Bytes(bytes)
    const name = path.relative(settings.root, file).split(path.sep).join('/')
    state.addImage({ sha256, name, bytes })
    state.referenced.add(sha256)

    const url = deliveryUrlFor(state, settings.options, sha256, variantFromQuery(queryAndHash(id)) ?? settings.options.variant)
    return `export default ${JSON.stringify(url)}`
  }
}
