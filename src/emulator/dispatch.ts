import { handleBatchToken, handleConfig, handleCreateVariant, handleListVariants, handleStats } from './handlers/account.js'
import { handleDelivery } from './handlers/delivery.js'
import { handleBlob, handleDelete, handleGet, handlePatch } from './handlers/image.js'
import { handleListV1, handleListV2 } from './handlers/list.js'
import { handleUpload } from './handlers/upload.js'
import type { Handler } from './state.js'
import type { EmulatorEndpoint } from './types.js'

export const HANDLERS: Record<EmulatorEndpoint, Handler> = {
  upload: handleUpload,
  get: handleGet,
  delete: handleDelete,
  patch: handlePatch,
  blob: handleBlob,
  'list-v1': handleListV1,
  'list-v2': handleListV2,
  stats: handleStats,
  'variants-list': handleListVariants,
  'variants-create': handleCreateVariant,
  config: handleConfig,
  'batch-token': handleBatchToken,
  delivery: handleDelivery,
}
