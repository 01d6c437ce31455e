// Public entry of the framework-neutral core, shared by the Vite plugin, the Rollup plugin and the CLI.
export type * from './types.js'

export { sha256Bytes, sha256File, isSha256Hex } from './hash.js'
export { contentId, validateIdPrefix, DEFAULT_ID_PREFIX, ID_DIGEST_HEX_LENGTH, ID_DIGEST_HEX_LENGTH_WITHOUT_PREFIX } from './content-id.js'
export { buildMetadata, parseOwnMetadata, METADATA_TOOL_KEY, METADATA_VERSION, MAX_METADATA_BYTES, type OwnMetadata, type MetadataInput } from './metadata.js'
export { DEFAULT_LIMITS, resolveLimits } from './limits.js'
export { inspectImage } from './preflight.js'
export { sniffFormat, formatFromFileName, isLfsPointer, type SniffResult } from './image-format.js'
export {
  buildDeliveryUrl,
  joinSrcset,
  formatFlexibleVariant,
  isVariantText,
  parseVariant,
  encodeImageIdForPath,
  VARIANT_EXPECTED,
  DEFAULT_DELIVERY_URL,
  type DeliveryUrlInput,
  type FlexibleVariant,
  type SrcsetCandidate,
} from './delivery.js'
export { Manifest, DEFAULT_FLUSH_INTERVAL_MS, type ManifestLoadIssue, type ManifestOptions } from './manifest.js'
export { parseManifest, serializeManifest, encodeManifest, stringsInManifestText, MANIFEST_VERSION, type ManifestData, type ManifestAccount } from './manifest-format.js'
export { uploadImages } from './uploader.js'
export { DEFAULT_CONCURRENCY, DEFAULT_BATCH_THRESHOLD, DEFAULT_LIST_THRESHOLD } from './uploader-options.js'
export { RetryTracker } from './retry-tracker.js'
export { syncManifest, type SyncOptions, type SyncResult, type SyncedImage } from './sync.js'
export { discoverAccountHash, accountHashFromImage, accountHashFromDeliveryUrl } from './account-hash.js'
export { planUploads, type PlanOptions, type PlannedImage, type UploadPlan } from './plan.js'
export { LIST_PAGE_SIZE } from './remote-index.js'
export {
  planPrune,
  applyPrune,
  DEFAULT_PRUNE_MIN_AGE_DAYS,
  type PlanPruneOptions,
  type PrunePlan,
  type PruneCandidate,
  type ApplyPruneOptions,
  type PruneFailure,
} from './prune.js'
export {
  PreflightError,
  UploadFailedError,
  ManifestError,
  AccountHashError,
  ContentMismatchError,
  type PreflightErrorCode,
  type ManifestErrorCode,
  type UploadFailure,
} from './errors.js'
