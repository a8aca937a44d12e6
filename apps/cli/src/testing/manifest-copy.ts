// A lake home whose manifest is a copy of the bundled one, in a temporary folder: for the tests that change the
// manifest (a folder of this directory laid over the copy) and run `datamaster --manifest <copy>` on a lake.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { stopLedgerServer } from '@datamaster/local-platform/testing';
import { expect } from 'vitest';
import { runCapturing, type CliRun } from './run-cli.js';

export const BUNDLED_MANIFEST = fileURLToPath(new URL('../../../../libs/lake-manifest', import.meta.url));
/** The tables, in the order their extracts are ingested. */
export const SOURCE_TABLES = ['brewery', 'beer', 'profile', 'review'] as const;

export type Row = Record<string, number | string | null>;
type Run = (...args: string[]) => Promise<CliRun>;

/** Copies the bundled manifest's tables and transforms into `folder`. */
export function copyBundledManifest(folder: string): void {
  for (const part of ['tables', 'transforms']) cpSync(join(BUNDLED_MANIFEST, part), join(folder, part), { recursive: true });
}

/** A CSV extract: its header line and its data lines. */
export interface Extract {
  readonly header: string;
  readonly lines: readonly string[];
}

export class ManifestCopyLake {
  readonly manifest: string;

  private constructor(readonly cwd: string) {
    this.manifest = join(cwd, 'manifest');
    copyBundledManifest(this.manifest);
  }

  /** `prefix` names the temporary folder; the lake home is its `home`, the copy its `manifest`. */
  static create(prefix: string): ManifestCopyLake {
    return new ManifestCopyLake(mkdtempSync(join(tmpdir(), `datamaster-${prefix}-`)));
  }

  /** The CLI with the copy as its manifest. */
  readonly cli: Run = (...args) => runCapturing(['--home', 'home', '--manifest', this.manifest, ...args], { cwd: this.cwd });

  /** The CLI with the bundled manifest, on the same lake home. */
  readonly bundledCli: Run = (...args) => runCapturing(['--home', 'home', ...args], { cwd: this.cwd });

  /** Creates the lake home and ingests a small seed (in `seed/`) of every source table. */
  async fill(): Promise<void> {
    expect((await this.cli('init')).code).toBe(0);
    expect((await this.cli('seed', '--out', 'seed', '--scale', '0.003')).code).toBe(0);
    for (const table of SOURCE_TABLES) expect((await this.cli('ingest', join('seed', `${table}.csv.gz`), '--table', table)).code).toBe(0);
  }

  /** Lays a change folder of this directory (e.g. `added-column`: its tables/ and transforms/) over the copy. */
  layOver(change: string): void {
    const folder = fileURLToPath(new URL(`./${change}`, import.meta.url));
    cpSync(folder, this.manifest, { recursive: true, filter: (source) => !source.endsWith('README.md') });
  }

  async rows(sql: string, { as = 'data-engineer', run = this.cli }: { as?: string; run?: Run } = {}): Promise<Row[]> {
    const result = await run('query', sql, '--as', as, '--format', 'json');
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as Row[];
  }

  /** The seed's extract of a table (after `fill`). */
  seedExtract(table: string): Extract {
    const [header = '', ...lines] = gunzipSync(readFileSync(join(this.cwd, 'seed', `${table}.csv.gz`))).toString('utf8').trim().split('\n');
    return { header, lines };
  }

  /** Writes an extract as `<name>.csv.gz`; returns its path for `ingest`. */
  writeExtract(name: string, extract: Extract): string {
    const path = join(this.cwd, `${name}.csv.gz`);
    writeFileSync(path, gzipSync(`${[extract.header, ...extract.lines].join('\n')}\n`));
    return path;
  }

  /** Stops the home's ledger server first: it may still be writing the ledger folder. */
  async remove(): Promise<void> {
    await stopLedgerServer(join(this.cwd, 'home'));
    rmSync(this.cwd, { recursive: true, force: true });
  }
}
