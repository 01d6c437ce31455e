export type RewriteErrorCode = 'REWRITE_DIR_NOT_FOUND' | 'REWRITE_NOT_A_FOLDER' | 'REWRITE_DELIVERY_URL_FAILED'

/** An error of the site rewrite that the caller can match by `code`. */
export class RewriteError extends Error {
  override name = 'RewriteError'

  constructor(
    readonly code: RewriteErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}
