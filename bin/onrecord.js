#!/usr/bin/env node
// The `onrecord` command runs the compiled CLI (built by `npm install` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/server/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('onrecord: not built yet; run `npm run build` (npm install does it) first');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
