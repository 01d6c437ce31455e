import { type Environment, invalidOption, type PluginOptions, type ResolvedPluginOptions, resolvePluginOptions, SOURCE_OPTION_NAMES, UPLOAD_OPTION_NAMES } from '../shared/plugin-options.js'

export { DEFAULT_MANIFEST } from '../shared/plugin-options.js'

/** Options of the Vite plugin. Every field is optional, and most fall back to an environment variable. */
export interface Options extends PluginOptions {
  /**
   * Whether to upload images from Vite's public directory that Vite finds referenced (in HTML
   * attributes and CSS `url()`).
   * @default true
   */
  publicDir?: boolean
}

/** Options after defaults and validation. */
export interface ResolvedOptions extends ResolvedPluginOptions {
  readonly publicDir: boolean
}

/** The option names, in the order the README lists them. */
export const OPTION_NAMES = [...SOURCE_OPTION_NAMES, 'publicDir', ...UPLOAD_OPTION_NAMES] as const satisfies ReadonlyArray<keyof Options>

/**
 * Applies defaults and environment variables to the user's options and validates them.
 * Throws a `TypeError` that names the invalid option and the expected value.
 */
export function resolveOptions(options: Options = {}, env: Environment = process.env): ResolvedOptions {
  const shared = resolvePluginOptions(options, env, OPTION_NAMES)

  if (options.publicDir !== undefined && typeof options.publicDir !== 'boolean') {
    throw invalidOption('publicDir', 'true or false', options.publicDir)
  }

  return Object.freeze({ ...shared, publicDir: options.publicDir ?? true })
}
