// Chains the plugin's URL rendering in front of any `experimental.renderBuiltUrl` that is already
// configured. Frameworks such as Nuxt and SvelteKit set their own, so it is wrapped, never replaced.

export interface RenderBuiltUrlContext {
  type: 'asset' | 'public'
  hostId: string
  hostType: 'js' | 'css' | 'html'
  ssr: boolean
}

export type RenderBuiltUrlResult = string | { relative?: boolean; runtime?: string } | undefined

export type RenderBuiltUrl = (filename: string, context: RenderBuiltUrlContext) => RenderBuiltUrlResult

/** Returns a delivery URL for an image the plugin uploads, or undefined to let the next function decide. */
export type ImageUrlRenderer = (filename: string, context: RenderBuiltUrlContext) => string | undefined

const WRAPPER = Symbol.for('vite-plugin-cloudflare-images.renderBuiltUrl')

interface WrapperInfo {
  /** The plugin instance that made the wrapper. */
  owner: object
  renderer: ImageUrlRenderer
  /** The function that gets every URL the renderer declines. */
  existing: RenderBuiltUrl | undefined
}

interface MarkedWrapper extends RenderBuiltUrl {
  readonly [WRAPPER]: WrapperInfo
}

function isMarkedWrapper(value: unknown): value is MarkedWrapper {
  return typeof value === 'function' && WRAPPER in value
}

/**
 * Returns a new `renderBuiltUrl` that calls `renderer` first and delegates to `existing`
 * otherwise. `existing` may be a wrapper that the same `owner` made before, when its `config`
 * hook ran on a config it had already wrapped. Then the new wrapper delegates to that wrapper's
 * inner function instead, so the user's function is called once per URL. Neither function is
 * modified, because several builds can share a config object and so a wrapper.
 */
export function wrapRenderBuiltUrl(existing: RenderBuiltUrl | undefined, renderer: ImageUrlRenderer, owner: object = renderer): RenderBuiltUrl {
  const inner = isMarkedWrapper(existing) && existing[WRAPPER].owner === owner ? existing[WRAPPER].existing : existing

  const wrapper = ((filename: string, context: RenderBuiltUrlContext) => {
    const url = renderer(filename, context)
    if (url !== undefined) return url
    return inner?.(filename, context)
  }) as MarkedWrapper
  Object.defineProperty(wrapper, WRAPPER, { value: { owner, renderer, existing: inner } satisfies WrapperInfo })
  return wrapper
}

/** Returns the renderer of a wrapper that `owner` made, or undefined for any other value. */
export function rendererOf(value: unknown, owner: object): ImageUrlRenderer | undefined {
  if (!isMarkedWrapper(value) || value[WRAPPER].owner !== owner) return undefined
  return value[WRAPPER].renderer
}
