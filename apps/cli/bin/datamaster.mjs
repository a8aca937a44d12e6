#!/usr/bin/env node
// The `datamaster` command that npm links into node_modules/.bin: it runs the CLI's bundle. The bundle is a
// build output, and npm links commands at install time, so the link points at this file, which exists then;
// on first use after `npm ci` it builds the bundle (`nx run cli:build`, a few seconds), then runs it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/datamaster.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('datamaster: building the CLI first (npx nx run cli:build)…\n');
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  // Its output goes to stderr: stdout stays the command's own.
  const build = spawnSync('npx', ['nx', 'run', 'cli:build', '--output-style=static'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0 || !existsSync(bundle)) {
    process.stderr.write('datamaster: error: the CLI could not be built: run `npx nx run cli:build` and read its errors.\n');
    process.exit(1);
  }
}
await import(bundle.href);
