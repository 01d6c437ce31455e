// Reads the failures of an `ImagesApi` call. The core depends on the client's contract only, so
// it reads the stable fields of `CloudflareImagesError` (`code`, `status`, `cloudflareCodes`)
// rather than importing the class.

interface ApiFailureFields {
  code?: unknown
  status?: unknown
  cloudflareCodes?: unknown
}

function fieldsOf(error: unknown): ApiFailureFields {
  return typeof error === 'object' && error !== null ? (error as ApiFailureFields) : {}
}

/** Cloudflare error codes carried by a failed request; empty for local and network failures. */
export function cloudflareCodesOf(error: unknown): number[] {
  const { cloudflareCodes } = fieldsOf(error)
  return Array.isArray(cloudflareCodes) ? cloudflareCodes.filter((code): code is number => typeof code === 'number') : []
}

/** Returns the stable `code` string of an error, when it has one. */
export function errorCodeOf(error: unknown): string | undefined {
  const { code } = fieldsOf(error)
  return typeof code === 'string' ? code : undefined
}

/** Tells whether a request failed with 409 or error 5409: the custom ID exists already. */
export function isAlreadyExists(error: unknown): boolean {
  const { code, status } = fieldsOf(error)
  return code === 'CF_IMAGES_ALREADY_EXISTS' || status === 409 || cloudflareCodesOf(error).includes(5409)
}

/** Tells whether a request failed with 404 or error 5404: no image has that ID. */
export function isNotFound(error: unknown): boolean {
  const { code, status } = fieldsOf(error)
  return code === 'CF_IMAGES_NOT_FOUND' || status === 404 || cloudflareCodesOf(error).includes(5404)
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}
