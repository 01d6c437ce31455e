/**
 * Percent-encodes an image ID as one path segment. Beyond `encodeURIComponent`, it encodes
 * `!'()*` and an ID of `.` or `..`, so no ID can change the path (a custom ID's `/` becomes `%2F`).
 */
export function encodeImageId(id: unknown): string {
  if (typeof id !== 'string' || id === '') {
    throw new TypeError(`Invalid image id ${JSON.stringify(id)}: expected a non-empty string.`)
  }
  const encoded = encodeURIComponent(id).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
  return encoded === '.' || encoded === '..' ? encoded.replace(/\./g, '%2E') : encoded
}
