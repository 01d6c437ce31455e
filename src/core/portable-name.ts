/**
 * Writes a source name with `/` separators, so manifests and metadata hold the same bytes on
 * Windows and Linux. NOTE: a backslash inside a POSIX file name becomes a `/` as well.
 */
export function portableName(name: string): string {
  return name.replaceAll('\\', '/')
}
