import type { PluginContext } from 'rollup'
import type { ImagesApi } from '../api/types.js'
import { discoverAccountHash, Manifest } from '../core/index.js'
import type { BuildState } from './build-state.js'
import type { ResolvedRollupOptions } from './options.js'
import { contextLogger, ROLLUP_ERROR_CODES } from './upload-bundle.js'

/**
 * Finds the account hash that delivery URLs start with: the option (or its environment
 * variable), else the manifest, else one list request, whose result the manifest then keeps.
 */
export async function resolveAccountHash(context: PluginContext, api: ImagesApi, state: BuildState, options: ResolvedRollupOptions): Promise<string> {
  if (options.accountHash !== undefined) return options.accountHash

  const manifest = await Manifest.load(state.manifestPath, { logger: contextLogger(context) })
  try {
    const known = manifest.accountHash(state.accountId)
    if (known !== undefined) return known

    let discovered: string
    try {
      discovered = await discoverAccountHash(api)
    } catch (error) {
      return context.error({ code: ROLLUP_ERROR_CODES.accountHash, message: (error as Error).message, cause: error })
    }
    manifest.setAccountHash(state.accountId, discovered)
    return discovered
  } finally {
    await manifest.close()
  }
}
