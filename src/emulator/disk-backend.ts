import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from '../api/types.js'
import type { AccountSettings } from './account-settings.js'
import type { StoreBackend } from './store-backend.js'
import type { StoredImage } from './stored-image.js'

type LogEntry = { op: 'put'; image: StoredImage } | { op: 'delete'; id: string }

/**
 * Stores records in an append-only JSON-lines log (`images.jsonl`) and each image's bytes in
 * its own file under `blobs/`, so only the records stay in memory. The log line is written
 * after the bytes, so a crash between the two leaves an orphan file, never a record without bytes.
 */
export class DiskBackend implements StoreBackend {
  private readonly logPath: string
  private readonly accountPath: string
  private readonly blobsDir: string
  private logTail: Promise<void> = Promise.resolve()
  private readonly inFlight = new Set<Promise<void>>()
  private readonly shardDirs = new Set<string>()

  constructor(
    dir: string,
    private readonly logger?: Logger,
  ) {
    this.logPath = path.join(dir, 'images.jsonl')
    this.accountPath = path.join(dir, 'account.json')
    this.blobsDir = path.join(dir, 'blobs')
    fs.mkdirSync(this.blobsDir, { recursive: true })
  }

  loadImages(): StoredImage[] {
    if (!fs.existsSync(this.logPath)) return []

    const images = new Map<string, StoredImage>()
    const lines = fs.readFileSync(this.logPath, 'utf8').split('\n')
    let obsoleteLines = 0
    let unreadableLines = 0
    for (const line of lines) {
      if (line.trim() === '') continue
      const entry = parseLogLine(line)
      // A torn last line from a killed process is skipped, not fatal.
      if (!entry) {
        unreadableLines += 1
        continue
      }
      if (entry.op === 'put') {
        if (images.has(entry.image.id)) obsoleteLines += 1
        images.set(entry.image.id, entry.image)
      } else {
        obsoleteLines += 2
        images.delete(entry.id)
      }
    }

    if (unreadableLines > 0) {
      this.logger?.warn(`Skipped ${unreadableLines} unreadable line(s) of ${this.logPath}; the images they described are not in the store.`)
    }
    if (obsoleteLines + unreadableLines > 0) this.compact([...images.values()])
    return [...images.values()]
  }

  writeImage(image: StoredImage, bytes: Uint8Array | undefined): Promise<void> {
    return this.track(async () => {
      if (bytes) await this.writeBlob(image.id, bytes)
      await this.appendLog({ op: 'put', image })
    })
  }

  writeRecord(image: StoredImage): Promise<void> {
    return this.track(() => this.appendLog({ op: 'put', image }))
  }

  deleteImage(image: StoredImage): Promise<void> {
    return this.track(async () => {
      await this.appendLog({ op: 'delete', id: image.id })
      await fs.promises.rm(this.blobPath(image.id), { force: true })
    })
  }

  async readBytes(image: StoredImage): Promise<Uint8Array | undefined> {
    if (!image.hasBytes) return undefined
    return fs.promises.readFile(this.blobPath(image.id))
  }

  writeImagesSync(entries: Array<{ image: StoredImage; bytes: Uint8Array | undefined }>): void {
    const lines: string[] = []
    for (const { image, bytes } of entries) {
      if (bytes) {
        const blobPath = this.blobPath(image.id)
        if (!this.shardDirs.has(path.dirname(blobPath))) {
          fs.mkdirSync(path.dirname(blobPath), { recursive: true })
          this.shardDirs.add(path.dirname(blobPath))
        }
        fs.writeFileSync(blobPath, bytes)
      }
      lines.push(`${JSON.stringify({ op: 'put', image })}\n`)
    }
    fs.appendFileSync(this.logPath, lines.join(''))
  }

  loadAccountSettings(): AccountSettings | undefined {
    if (!fs.existsSync(this.accountPath)) return undefined
    try {
      return JSON.parse(fs.readFileSync(this.accountPath, 'utf8')) as AccountSettings
    } catch (error) {
      // An unreadable settings file falls back to the defaults instead of blocking the start.
      this.logger?.warn(`Could not read ${this.accountPath} (${(error as Error).message}); using the default variants and config.`)
      return undefined
    }
  }

  saveAccountSettings(settings: AccountSettings): void {
    const temporary = `${this.accountPath}.${process.pid}.tmp`
    fs.writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`)
    fs.renameSync(temporary, this.accountPath)
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.inFlight])
  }

  private track(write: () => Promise<void>): Promise<void> {
    const promise = write()
    this.inFlight.add(promise)
    const forget = () => this.inFlight.delete(promise)
    promise.then(forget, forget)
    return promise
  }

  /** Serialises log appends so concurrent uploads never interleave partial lines; blob writes run in parallel. */
  private appendLog(entry: LogEntry): Promise<void> {
    const next = this.logTail.then(() => fs.promises.appendFile(this.logPath, `${JSON.stringify(entry)}\n`))
    this.logTail = next.catch(() => undefined)
    return next
  }

  private async writeBlob(id: string, bytes: Uint8Array): Promise<void> {
    const blobPath = this.blobPath(id)
    await this.ensureShardDir(path.dirname(blobPath))
    await fs.promises.writeFile(blobPath, bytes)
  }

  /** Creates each of the 256 shard folders once per run instead of once per upload. */
  private async ensureShardDir(dir: string): Promise<void> {
    if (this.shardDirs.has(dir)) return
    await fs.promises.mkdir(dir, { recursive: true })
    this.shardDirs.add(dir)
  }

  /** IDs may contain `/` and any UTF-8, so files are named by the ID's SHA-256. */
  private blobPath(id: string): string {
    const digest = createHash('sha256').update(id).digest('hex')
    return path.join(this.blobsDir, digest.slice(0, 2), digest)
  }

  private compact(images: StoredImage[]): void {
    const temporary = `${this.logPath}.${process.pid}.tmp`
    fs.writeFileSync(temporary, images.map((image) => `${JSON.stringify({ op: 'put', image })}\n`).join(''))
    fs.renameSync(temporary, this.logPath)
  }
}

function parseLogLine(line: string): LogEntry | undefined {
  try {
    const entry = JSON.parse(line) as LogEntry
    if (entry.op === 'put' && typeof entry.image?.id === 'string') return entry
    if (entry.op === 'delete' && typeof entry.id === 'string') return entry
    return undefined
  } catch {
    return undefined
  }
}
