import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { readPackageVersion } from '../../src/cli/version.js'
import { makeTempDir, removeDir } from './helpers.js'

const packageJsonUrl = new URL('../../package.json', import.meta.url)
const PACKAGE_VERSION = (JSON.parse(readFileSync(packageJsonUrl, 'utf8')) as { version: string }).version

describe('cli readPackageVersion', () => {
  it('from the source module', () => {
    expect(readPackageVersion()).toBe(PACKAGE_VERSION)
  })

  it('from the built bundle', () => {
    expect(readPackageVersion(new URL('dist/cli.js', packageJsonUrl).href)).toBe(PACKAGE_VERSION)
  })

  it('undefined outside the package', async () => {
    const dir = await makeTempDir()
    try {
      expect(readPackageVersion(pathToFileURL(`${dir}/cli.js`).href)).toBeUndefined()
    } finally {
      await removeDir(dir)
    }
  })
})
