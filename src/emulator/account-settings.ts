/** A named variant as `GET /images/v1/variants` returns it. */
export interface NamedVariant {
  id: string
  options: {
    fit: 'scale-down' | 'contain' | 'cover' | 'crop' | 'pad'
    width: number
    height: number
    metadata: 'keep' | 'copyright' | 'none'
  }
  neverRequireSignedURLs: boolean
}

/** Account-level state that `dir` keeps across restarts besides the images. */
export interface AccountSettings {
  flexibleVariants: boolean
  variants: Record<string, NamedVariant>
}

/**
 * The variant every account has. NOTE: Cloudflare does not document the options of `public`,
 * so these are the values of its variant-creation example. The emulator never resizes, so they change nothing.
 */
export const PUBLIC_VARIANT: NamedVariant = {
  id: 'public',
  options: { fit: 'scale-down', width: 1366, height: 768, metadata: 'none' },
  neverRequireSignedURLs: false,
}

export function defaultAccountSettings(flexibleVariants: boolean): AccountSettings {
  return { flexibleVariants, variants: { public: structuredClone(PUBLIC_VARIANT) } }
}
