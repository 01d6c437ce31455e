import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE_NAME = 'vite-plugin-cloudflare-images'

/**
 * Reads the package version from the nearest package.json of this package above this module,
 * or returns undefined when there is none (a broken install). The search walks up because the
 * module runs from two depths: `dist/` in an installed package, and `src/cli/` under tsx in a clone.
 */
export function readPackageVersion(moduleUrl: string = import.meta.url): string | undefined {
  let folder = path.dirname(fileURLToPath(moduleUrl))

  for (;;) {
    const manifest = readPackageJson(path.join(folder, 'package.json'))
    if (manifest?.name === PACKAGE_NAME && typeof manifest.version === 'string') return manifest.version

    const parent = path.dirname(folder)
    if (parent === folder) return undefined
    folder = parent
  }
}

function readPackageJson(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown }
  } catch {
    // A folder without a package.json, or another tool's unreadable one: keep walking up.
    return undefined
  }
}
