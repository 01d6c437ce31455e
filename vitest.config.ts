import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    setupFiles: ['test/setup/network-guard.ts'],
    // Real builds and a real emulator per file: give slow machines room, but fail a hung test.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    // The Vite plugin must work on Vite 8 and Vite 7: its tests run once per version,
    // Vite 7 coming from the `vite7` npm alias.
    projects: [
      {
        extends: true,
        test: { name: 'vite8', include: ['test/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'vite7', include: ['test/vite/**/*.test.ts'], env: { VITE_PACKAGE: 'vite7' } },
      },
    ],
  },
})
