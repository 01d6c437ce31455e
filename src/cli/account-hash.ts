import type { ImagesApi, Logger } from '../api/types.js'
import { discoverAccountHash, Manifest } from '../core/index.js'

/**
 * Finds the account hash that delivery URLs start with: the flag or environment variable, else
 * the manifest, else one list request. A discovered hash is not written to the manifest here;
 * the uploader records it from its own responses.
 */
export async function resolveAccountHash(options: {
  configured: string | undefined
  api: ImagesApi
  accountId: string
  manifestPath: string
  logger: Logger
}): Promise<string> {
  if (options.configured !== undefined) return options.configured

  const manifest = await Manifest.load(options.manifestPath, { logger: options.logger, readOnly: true })
  const known = manifest.accountHash(options.accountId)
  await manifest.close()
  return known ?? (await discoverAccountHash(options.api))
}
