// A command loads what it uses and no more: the help, the version and the light commands start without the engines
// (DuckDB, the AWS SDK, the Parquet and Arrow encoders), which take most of a heavy command's start-up.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BUNDLE } from './testing/run-cli.js';

const RECORDER = fileURLToPath(new URL('./testing/loaded-modules/register.mjs', import.meta.url));
const ENGINES = /\/node_modules\/(@duckdb|@aws-sdk|@smithy|apache-arrow|parquet-wasm|better-sqlite3|pg)\//;
/** The manifest's validator: needed by commands that read the manifest, not by the help. */
const VALIDATOR = /\/node_modules\/zod\//;

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'datamaster-start-up-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built CLI and returns the packages it loaded (by name), failing on a non-zero exit. */
function loadedPackages(args: readonly string[], expectedCode = 0): { packages: Set<string>; stderr: string } {
  const record = join(dir, `${args.join('_').replace(/[^a-z0-9]+/gi, '-')}.txt`);
  const run = spawnSync(process.execPath, ['--import', RECORDER, CLI_BUNDLE, '--home', join(dir, 'home'), ...args], {
    cwd: dir,
    env: { ...process.env, DATAMASTER_LOADED_MODULES: record, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(expectedCode);
  const urls = readFileSync(record, 'utf8').split('\n');
  const packages = new Set(urls.map((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]).filter((name): name is string => name !== undefined));
  return { packages, stderr: run.stderr };
}

const engineIn = (packages: Set<string>) => [...packages].filter((name) => ENGINES.test(`/node_modules/${name}/`));

describe('start-up', () => {
  it.each(['--version', '--help', 'query --help', 'process --help', 'stream --help'])('datamaster %s loads no engine and no validator', (line) => {
    const { packages } = loadedPackages(line.split(' '));
    expect(engineIn(packages)).toEqual([]);
    expect([...packages].filter((name) => VALIDATOR.test(`/node_modules/${name}/`))).toEqual([]);
  });

  it.each(['manifest validate', 'manifest show silver.review', 'seed --out extracts --scale 0.0005'])('datamaster %s loads no engine', (line) => {
    const { packages } = loadedPackages(line.split(' '));
    expect(packages.has('commander')).toBe(true);
    expect(engineIn(packages)).toEqual([]);
  });

  it('sees an engine where a command does load one', () => {
    // An invalid snapshot id is read by the Iceberg library, which brings the AWS SDK (its Glue catalog) with it.
    const { packages, stderr } = loadedPackages(['query', 'SELECT 1', '--as', 'demo', '--snapshot', 'x'], 2);
    expect(stderr).toContain('cannot be a snapshot id');
    expect(engineIn(packages).length).toBeGreaterThan(0);
  });
});
