import { Manifest, type ManifestLoadIssue } from '../core/index.js'
import type { CliOutput } from './output.js'

/**
 * Loads the manifest read-only for a dry run (`status`, `rewrite --dry-run`). The manifest's own
 * warning about a bad file states that the file will be rewritten, which is true only for a run
 * that writes. So this loads it without a logger and prints a warning that fits a dry run.
 */
export async function loadManifestForDryRun(manifestPath: string, output: CliOutput): Promise<Manifest> {
  const manifest = await Manifest.load(manifestPath, { readOnly: true })
  if (manifest.loadIssue !== undefined) output.logger.warn(describeLoadIssue(manifestPath, manifest.loadIssue))
  return manifest
}

function describeLoadIssue(manifestPath: string, issue: ManifestLoadIssue): string {
  const unchanged = 'A dry run leaves the file unchanged; `cloudflare-images sync` rebuilds it from the account.'
  switch (issue.kind) {
    case 'dropped-entries':
      return issue.count === 1
        ? `Ignoring 1 invalid entry of the manifest ${manifestPath}, so its image counts as unknown. ${unchanged}`
        : `Ignoring ${issue.count} invalid entries of the manifest ${manifestPath}, so their images count as unknown. ${unchanged}`
    case 'invalid':
      return `Ignoring the manifest ${manifestPath}: ${issue.reason}. Every image counts as unknown. ${unchanged}`
    case 'newer-version':
      return `Ignoring the manifest ${manifestPath}: it has format version ${issue.version}, written by a newer vite-plugin-cloudflare-images, so every image counts as unknown. Upgrade vite-plugin-cloudflare-images to read it.`
  }
}
