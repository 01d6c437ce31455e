import { execFileSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

// Keep the browser off the network and away from downloads: no background services,
// no component or sync updates, no QUIC. Pages only reach the loopback servers the test starts.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export interface LaunchedChromium {
  context: BrowserContext
  /** Closes the browser and deletes its profile folder. */
  close(): Promise<void>
}

/**
 * Finds the system Chromium: `CHROMIUM_PATH` when set, else `/usr/bin/chromium`, else
 * `chromium` on the PATH. When none is found, throws an error with install instructions.
 * It never downloads a browser.
 */
export function findChromium(candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', whichChromium()]): string {
  for (const candidate of candidates) {
    if (candidate !== undefined && candidate !== '' && isExecutable(candidate)) return candidate
  }
  throw new Error(
    'Chromium not found: the browser test needs a system Chromium at /usr/bin/chromium, on the PATH, ' +
      'or in CHROMIUM_PATH. Install Debian\'s package with `apt-get install chromium` (CI does this in .ci/run). ' +
      'The test never downloads a browser.',
  )
}

/** Launches headless Chromium with a fresh profile in a temp folder. */
export async function launchChromium(): Promise<LaunchedChromium> {
  const executablePath = findChromium()
  const userDataDir = await mkdtemp(join(tmpdir(), 'cf-images-chromium-'))

  let context: BrowserContext
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    })
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true })
    throw error
  }

  return {
    context,
    async close() {
      await context.close()
      await rm(userDataDir, { recursive: true, force: true })
    },
  }
}

function whichChromium(): string | undefined {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim()
  } catch {
    return undefined
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}
