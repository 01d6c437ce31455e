import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AccountSettings } from './account-settings.js'
import type { ImageStore } from './image-store.js'
import type { RouteMatch } from './router.js'

/** Everything the handlers share for one emulator instance. */
export interface EmulatorState {
  accountId: string
  accountHash: string
  token: string
  store: ImageStore
  settings: AccountSettings
  saveSettings(): void
  /** Batch token to its expiry time in epoch milliseconds. */
  batchTokens: Map<string, number>
  plainTextNotFound: boolean
}

export interface RequestContext {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  route: RouteMatch
  state: EmulatorState
  /** Headers that every response to this request carries (the account rate-limit headers). */
  headers: Record<string, string>
}

export type Handler = (context: RequestContext) => Promise<void>
