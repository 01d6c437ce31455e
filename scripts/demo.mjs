#!/usr/bin/env node
// `npm run demo`: loads the TypeScript demo through tsx, so it runs in a fresh clone
// without `npm run build`. The demo itself is scripts/demo.ts.
import { register } from 'tsx/esm/api'

register()
await import('./demo.ts')
