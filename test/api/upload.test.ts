import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { request, Response } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clientFor, envelope, PNG_1X1, rejectionOf, reply, startEmulatorClient, startTestServer, type EmulatorClient, type ReceivedRequest, type TestServer } from './helpers.js'

let dir: string
let context: EmulatorClient | undefined
let server: TestServer | undefined

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cf-images-upload-'))
})

afterEach(async () => {
  await context?.close()
  await server?.close()
  await rm(dir, { recursive: true, force: true })
  context = undefined
  server = undefined
})

/** Writes a noisy PNG of about 0.75 MB, so the upload spans many chunks, and returns its bytes. */
async function writeNoisePng(path: string): Promise<Buffer> {
  const width = 512
  const pixels = Buffer.alloc(width * width * 3)
  for (let index = 0; index < pixels.length; index += 1) {
    pixels[index] = (index * 2654435761) >>> 24
  }
  const png = await sharp(pixels, { raw: { width, height: width, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer()
  await writeFile(path, png)
  return png
}

/** Parses a received multipart body the way a server would. */
async function readForm(received: ReceivedRequest | undefined) {
  const contentType = String(received?.headers['content-type'])
  return new Response(new Uint8Array(received?.body ?? []), { headers: { 'content-type': contentType } }).formData()
}

async function storedBytes(emulator: EmulatorClient['emulator'], id: string): Promise<Buffer> {
  const response = await request(`${emulator.apiUrl}/accounts/${emulator.accountId}/images/v1/${encodeURIComponent(id)}/blob`, {
    headers: { authorization: `Bearer ${emulator.token}` },
  })
  return Buffer.from(await response.body.arrayBuffer())
}

describe('upload', () => {
  it('uploads bytes', async () => {
    context = await startEmulatorClient()
    const image = await context.client.upload({ file: PNG_1X1, filename: 'dot.png', id: 'site/dot' })

    expect(image.id).toBe('site/dot')
    expect(image.filename).toBe('dot.png')
    expect(context.emulator.imageIds()).toEqual(['site/dot'])
  })

  it('uploads Blob', async () => {
    context = await startEmulatorClient()
    await context.client.upload({ file: new Blob([PNG_1X1]), filename: 'dot.png', id: 'site/blob' })

    const stored = await storedBytes(context.emulator, 'site/blob')
    expect(stored.equals(Buffer.from(PNG_1X1))).toBe(true)
  })

  it('uploads file from path', async () => {
    context = await startEmulatorClient()
    const path = join(dir, 'noise.png')
    const png = await writeNoisePng(path)

    await context.client.upload({ file: { path }, filename: 'noise.png', id: 'noise' })

    const stored = await storedBytes(context.emulator, 'noise')
    expect(stored.equals(png)).toBe(true)
  })

  it('resends path body on retry', async () => {
    context = await startEmulatorClient()
    const path = join(dir, 'noise.png')
    const png = await writeNoisePng(path)
    context.emulator.injectFault({ endpoint: 'upload', response: { kind: 'status', status: 503, body: 'html' } })

    await context.client.upload({ file: { path }, filename: 'noise.png', id: 'noise' })

    expect(context.emulator.count('upload')).toBe(2)
    const stored = await storedBytes(context.emulator, 'noise')
    expect(stored.equals(png)).toBe(true)
  })

  it('reports missing file', async () => {
    context = await startEmulatorClient()
    const path = join(dir, 'absent.png')

    const error = await rejectionOf(context.client.upload({ file: { path }, filename: 'absent.png' }))

    expect(error.message).toContain(`Could not upload ${path}: the file could not be opened`)
    expect(error.code).toBe('UPLOAD_FILE_UNREADABLE')
    expect(context.emulator.count('upload')).toBe(0)
  })

  it('sends multipart fields', async () => {
    server = await startTestServer((_request, response) => {
      reply(response, 200, envelope({ id: 'x', uploaded: '2026-01-01T00:00:00.000Z', requireSignedURLs: false, variants: [] }), { 'content-type': 'application/json' })
    })
    const client = clientFor(server)

    await client.upload({ file: PNG_1X1, filename: 'dot.png', id: 'a/b', metadata: { sha256: 'abc', n: 1 }, requireSignedURLs: false })

    const received = server.received[0]
    expect(received?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
    const form = await readForm(received)
    const file = form.get('file') as unknown as File
    expect(file.name).toBe('dot.png')
    expect(file.type).toBe('image/png')
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG_1X1)).toBe(true)
    expect(form.get('id')).toBe('a/b')
    expect(form.get('metadata')).toBe('{"sha256":"abc","n":1}')
    expect(form.get('requireSignedURLs')).toBe('false')
  })

  it('omits unset optional fields', async () => {
    server = await startTestServer((_request, response) => {
      reply(response, 200, envelope({ id: 'x', uploaded: '2026-01-01T00:00:00.000Z', requireSignedURLs: false, variants: [] }), { 'content-type': 'application/json' })
    })
    const client = clientFor(server)

    await client.upload({ file: PNG_1X1, filename: 'dot.png' })

    const form = await readForm(server.received[0])
    expect([...form.keys()]).toEqual(['file'])
  })

  it('sends bearer token', async () => {
    server = await startTestServer((_request, response) => {
      reply(response, 200, envelope({ id: 'x', uploaded: '2026-01-01T00:00:00.000Z', requireSignedURLs: false, variants: [] }), { 'content-type': 'application/json' })
    })
    const client = clientFor(server)

    await client.upload({ file: PNG_1X1, filename: 'dot.png' })

    expect(server.received[0]?.headers.authorization).toBe('Bearer tok_7Qm2vX9pL4sR8wN1cZ6yB3')
  })

  it('rejects invalid upload request', async () => {
    context = await startEmulatorClient()

    await expect(context.client.upload({ file: 'bytes' as never, filename: 'a.png' })).rejects.toThrow(TypeError)
    await expect(context.client.upload({ file: PNG_1X1, filename: '' })).rejects.toThrow(/Invalid upload filename/)
    expect(context.emulator.count('upload')).toBe(0)
  })

  it('treats duplicate id as already exists', async () => {
    context = await startEmulatorClient()
    await context.client.upload({ file: PNG_1X1, filename: 'dot.png', id: 'dup' })

    const error = await rejectionOf(context.client.upload({ file: PNG_1X1, filename: 'dot.png', id: 'dup' }))

    expect(error.code).toBe('CF_IMAGES_ALREADY_EXISTS')
    expect(error.cloudflareCodes).toEqual([5409])
    expect(context.emulator.count('upload')).toBe(2)
  })
})
