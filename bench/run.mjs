// `npm run bench`: loads the TypeScript orchestrator through tsx, so no build step is needed.
import { tsImport } from 'tsx/esm/api'

const { main, UsageError } = await tsImport('./main.ts', import.meta.url)
try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  if (!(error instanceof UsageError)) throw error
  process.stderr.write(`${error.message}\nRun \`npm run bench -- --help\` for the options.\n`)
  process.exitCode = 2
}
