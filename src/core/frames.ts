// Frame counts of animated GIF and WebP, which Cloudflare counts towards the pixel limit.

const GIF_IMAGE_DESCRIPTOR = 0x2c
const GIF_EXTENSION = 0x21
const GIF_TRAILER = 0x3b

function skipGifSubBlocks(bytes: Uint8Array, offset: number): number {
  let position = offset
  while (position < bytes.length) {
    const length = bytes[position] ?? 0
    position += 1
    if (length === 0) return position
    position += length
  }
  return position
}

/**
 * Counts the image descriptors of a GIF by walking its block structure (GIF89a spec). A file
 * truncated after its first frames still counts those frames, as browsers show them.
 */
export function countGifFrames(bytes: Uint8Array): number {
  if (bytes.length < 13) return 0

  // Header (6 bytes) and logical screen descriptor (7 bytes), then the optional global color table.
  const screenFlags = bytes[10] ?? 0
  let position = 13
  if (screenFlags & 0x80) position += 3 * 2 ** ((screenFlags & 0x07) + 1)

  let frames = 0
  while (position < bytes.length) {
    const introducer = bytes[position]
    if (introducer === GIF_TRAILER) break

    if (introducer === GIF_IMAGE_DESCRIPTOR) {
      if (position + 10 > bytes.length) break
      frames += 1
      const imageFlags = bytes[position + 9] ?? 0
      position += 10
      if (imageFlags & 0x80) position += 3 * 2 ** ((imageFlags & 0x07) + 1)
      // One byte of LZW minimum code size, then the image data sub-blocks.
      position = skipGifSubBlocks(bytes, position + 1)
    } else if (introducer === GIF_EXTENSION) {
      position = skipGifSubBlocks(bytes, position + 2)
    } else {
      // Garbage after the last frame: stop, keeping what was counted.
      break
    }
  }
  return frames
}

/** Counts the ANMF (animation frame) chunks of a WebP file; a still WebP has one frame. */
export function countWebpFrames(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let frames = 0
  let position = 12
  while (position + 8 <= bytes.length) {
    const fourcc = String.fromCharCode(...bytes.subarray(position, position + 4))
    const size = view.getUint32(position + 4, true)
    if (fourcc === 'ANMF') frames += 1
    // Chunk payloads are padded to an even length.
    position += 8 + size + (size % 2)
  }
  return Math.max(frames, 1)
}
