#!/usr/bin/env node
// The `datamaster` command that npm links into node_modules/.bin: it runs the CLI's bundle. The bundle is a
// build output (`npx nx run cli:build`; `npm start` builds it), so npm, which links commands at install time,
// needs a file that exists then: this one.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/datamaster.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('datamaster: error: the CLI is not built yet: run `npx nx run cli:build` (`npm start` builds it too).\n');
  process.exit(1);
}
await import(bundle.href);
