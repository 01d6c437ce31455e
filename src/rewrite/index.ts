// Entry of the framework-agnostic rewrite of a built site, used by `cloudflare-images rewrite`.
export { rewriteSite } from './rewrite-site.js'
export { RewriteError, type RewriteErrorCode } from './errors.js'
export type { ReferenceIssue, ReferenceIssueReason, RewriteOptions, RewriteReport } from './types.js'
