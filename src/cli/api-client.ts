import { CloudflareImagesClient } from '../api/index.js'
import { requireCredentials, type Settings } from './context.js'
import { usageError } from './errors.js'
import type { CliOutput } from './output.js'

/**
 * Creates the API client from the settings, or throws the missing-credentials error. A setting
 * the client rejects (such as an http: API URL on a non-loopback host) becomes a usage error.
 */
export function createApiClient(settings: Settings, output: CliOutput): { api: CloudflareImagesClient; accountId: string } {
  const { accountId, apiToken } = requireCredentials(settings)
  try {
    const api = new CloudflareImagesClient({
      accountId,
      apiToken,
      ...(settings.apiUrl === undefined ? {} : { apiUrl: settings.apiUrl }),
      // The client logs each retry at debug level, which `--verbose` shows.
      logger: output.logger,
    })
    return { api, accountId }
  } catch (error) {
    if (error instanceof TypeError) throw usageError(error.message)
    throw error
  }
}
