// Child-process entry: upload a folder of images against the emulator and report this
// process's peak resident set size, so nothing else the scenario did is counted.
// Usage: node --import tsx bench/lib/upload-memory-process.ts '<MemoryRunRequest JSON>'
import { CloudflareImagesClient } from '../../src/api/index.js'
import { uploadImages } from '../../src/core/index.js'
import type { ImageSource } from '../../src/core/types.js'

export interface MemoryRunRequest {
  /** Only load the modules and report the resident set size, as the floor to compare with. */
  idle: boolean
  apiUrl: string
  batchUrl: string
  accountId: string
  token: string
  manifestPath: string
  files: Array<{ name: string; path: string }>
  concurrency: number
}

export interface MemoryRunResult {
  maxRssKiB: number
  uploaded: number
  failed: number
  seconds: number
}

const request = JSON.parse(process.argv[2] ?? 'null') as MemoryRunRequest
let result: MemoryRunResult = { maxRssKiB: 0, uploaded: 0, failed: 0, seconds: 0 }

if (!request.idle) {
  const api = new CloudflareImagesClient({
    accountId: request.accountId,
    apiToken: request.token,
    apiUrl: request.apiUrl,
    batchUrl: request.batchUrl,
    rateLimit: false,
  })
  // Paths only: the uploader must stream each file rather than hold its bytes.
  const sources: ImageSource[] = request.files.map((file) => ({ name: file.name, path: file.path }))

  const startedAt = performance.now()
  const { summary } = await uploadImages(sources, {
    api,
    accountId: request.accountId,
    manifestPath: request.manifestPath,
    concurrency: request.concurrency,
    batchThreshold: false,
  })
  result = { maxRssKiB: 0, uploaded: summary.uploaded, failed: summary.failed, seconds: (performance.now() - startedAt) / 1000 }
  await api.close()
}

result.maxRssKiB = process.resourceUsage().maxRSS
process.stdout.write(`${JSON.stringify(result)}\n`)
process.exit(0)
