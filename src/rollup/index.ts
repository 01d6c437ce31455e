// Entry of the plain Rollup 4 plugin: `import cloudflareImages from 'vite-plugin-cloudflare-images/rollup'`.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { createFilter } from '@rollup/pluginutils'
import type { Plugin, PluginContext } from 'rollup'
import { CloudflareImagesClient } from '../api/index.js'
import { buildDeliveryUrl, contentId, sha256Bytes } from '../core/index.js'
import { resolveAccountHash } from './account-hash.js'
import { BuildState } from './build-state.js'
import { placeholderDigest } from './file-url-placeholders.js'
import { IMAGE_ID_FILTER, isImageId, isUploadedFormat } from './formats.js'
import { resolveRollupOptions, type RollupCloudflareImagesOptions } from './options.js'
import { isVariantText, parseVariant, splitVariantQuery, VARIANT_EXPECTED, VARIANT_QUERY } from './variant.js'
import { contextLogger, ROLLUP_ERROR_CODES, uploadBundleImages } from './upload-bundle.js'

export type { RollupCloudflareImagesOptions } from './options.js'
export { ROLLUP_ERROR_CODES } from './upload-bundle.js'

function warnOnce(context: PluginContext, state: BuildState, message: string): void {
  if (state.warned.has(message)) return
  state.warned.add(message)
  context.warn(message)
}

function relativeName(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/')
}

/**
 * Creates the Rollup plugin. Image imports become their Cloudflare delivery URL
 * (`export default "https://imagedelivery.net/<hash>/<id>/<variant>"`), image files emitted by
 * other plugins get the same through `import.meta.ROLLUP_FILE_URL_<ref>`, and `generateBundle`
 * uploads them and removes the local copies. Invalid options throw a `TypeError` here.
 */
export function cloudflareImages(userOptions: RollupCloudflareImagesOptions = {}): Plugin {
  const options = resolveRollupOptions(userOptions)
  const importFilter = createFilter(options.include, options.exclude)
  // Output file names are relative, so they are matched as given rather than against the working folder.
  const emittedFilter = createFilter(options.include, options.exclude, { resolve: false })
  let state = new BuildState()

  return {
    name: 'cloudflare-images',

    async buildStart() {
      await state.close()
      state = new BuildState()
      state.manifestPath = path.resolve(options.manifest)

      if (options.accountId === undefined || options.apiToken === undefined) {
        const missing = options.accountId === undefined ? 'CLOUDFLARE_ACCOUNT_ID (accountId)' : 'CLOUDFLARE_API_TOKEN (apiToken)'
        if (options.onMissingCredentials === 'error') {
          this.error({
            code: ROLLUP_ERROR_CODES.missingCredentials,
            message: `Missing ${missing}: set it, or set onMissingCredentials: 'keep-local' to build with local images.`,
          })
        }
        this.warn(`Missing ${missing}: images stay local in this build. Set it to upload them to Cloudflare Images.`)
        return
      }

      state.accountId = options.accountId
      const api = new CloudflareImagesClient({
        accountId: options.accountId,
        apiToken: options.apiToken,
        ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }),
        logger: contextLogger(this),
      })
      state.api = api
      state.accountHash = await resolveAccountHash(this, api, state, options)
      state.rewriting = true
    },

    // Rollup's own resolver does not strip queries, so `./a.png?cf-variant=thumbnail` is resolved
    // here: the path as usual, with the query kept on the module ID for `load`.
    resolveId: {
      filter: { id: new RegExp(`\\?${VARIANT_QUERY}=`) },
      async handler(source, importer, resolveOptions) {
        const split = splitVariantQuery(source)
        if (split === undefined || !isImageId(split.path)) return null

        const resolved = await this.resolve(split.path, importer, { ...resolveOptions, skipSelf: true })
        if (resolved === null || resolved.external) return resolved
        return `${resolved.id}?${VARIANT_QUERY}=${encodeURIComponent(split.variant)}`
      },
    },

    load: {
      filter: { id: IMAGE_ID_FILTER },
      async handler(id) {
        // Rollup versions before hook filters call the handler for every module.
        if (!isImageId(id) || id.startsWith('\0')) return null
        const split = splitVariantQuery(id)
        const file = split?.path ?? id
        if (!importFilter(file)) return null

        const bytes = await readFile(file)
        if (!state.rewriting || !isUploadedFormat(file, options.limits.allowAvif)) {
          if (state.rewriting) {
            warnOnce(
              this,
              state,
              `Kept ${relativeName(file)} local: Cloudflare Images accepts AVIF input only on Enterprise plans. Set limits.allowAvif to true to upload AVIF files.`,
            )
          }
          const referenceId = this.emitFile({ type: 'asset', name: path.basename(file), originalFileName: file, source: bytes })
          return `export default import.meta.ROLLUP_FILE_URL_${referenceId};\n`
        }

        if (split !== undefined && !isVariantText(split.variant)) {
          return this.error({
            code: ROLLUP_ERROR_CODES.invalidVariant,
            message: `Invalid ?${VARIANT_QUERY}=${split.variant} on the import of ${relativeName(file)}: expected ${VARIANT_EXPECTED}.`,
          })
        }

        const sha256 = sha256Bytes(bytes)
        state.imported.set(id, { path: file, name: relativeName(file), sha256 })
        const url = buildDeliveryUrl({
          deliveryUrl: options.deliveryUrl,
          accountHash: state.accountHash,
          id: contentId(sha256, options.idPrefix),
          variant: split === undefined ? options.variant : parseVariant(split.variant),
        })
        return `export default ${JSON.stringify(url)};\n`
      },
    },

    resolveFileUrl({ fileName }) {
      if (!state.rewriting || !isUploadedFormat(fileName, options.limits.allowAvif) || !emittedFilter(fileName)) return null

      const placeholderId = contentId(placeholderDigest(fileName), options.idPrefix)
      state.placeholders.add(placeholderId, fileName)
      const url = buildDeliveryUrl({ deliveryUrl: options.deliveryUrl, accountHash: state.accountHash, id: placeholderId, variant: options.variant })
      return JSON.stringify(url)
    },

    generateBundle: {
      // Last, so the check for files that still name an emitted image includes the files other
      // plugins add in their own generateBundle. The placeholder swap also covers text assets.
      order: 'post',
      async handler(outputOptions, bundle) {
        await uploadBundleImages(this, outputOptions, bundle, state, options)
      },
    },

    async closeBundle() {
      await state.close()
    },
  }
}

export default cloudflareImages
