// Options of the plain Rollup plugin: the shared options of both plugins, with the same names,
// environment variables and defaults. Vite's own options, such as `publicDir`, are unknown here.
import { type FlexibleVariant, parseVariant } from '../core/index.js'
import { type Environment, type PluginOptions, type ResolvedPluginOptions, resolvePluginOptions, SOURCE_OPTION_NAMES, UPLOAD_OPTION_NAMES } from '../shared/plugin-options.js'

export { DEFAULT_MANIFEST } from '../shared/plugin-options.js'

/** Options of `vite-plugin-cloudflare-images/rollup`. Every field is optional; most fall back to an environment variable. */
export interface RollupCloudflareImagesOptions extends PluginOptions {}

/** Options after defaults, environment variables and validation. */
export interface ResolvedRollupOptions extends Omit<ResolvedPluginOptions, 'variant'> {
  /** The variant as the URL builder takes it: a name, or flexible options. */
  readonly variant: string | FlexibleVariant
}

/** The option names, in the order the README lists them. */
export const ROLLUP_OPTION_NAMES = [...SOURCE_OPTION_NAMES, ...UPLOAD_OPTION_NAMES] as const satisfies ReadonlyArray<
  keyof RollupCloudflareImagesOptions
>

/**
 * Applies defaults and environment variables to the user's options and validates them.
 * Throws a `TypeError` that names the invalid option and the expected value; the token's value
 * never appears in it.
 */
export function resolveRollupOptions(options: RollupCloudflareImagesOptions = {}, env: Environment = process.env): ResolvedRollupOptions {
  const shared = resolvePluginOptions(options, env, ROLLUP_OPTION_NAMES)
  return Object.freeze({ ...shared, variant: parseVariant(shared.variant) })
}
