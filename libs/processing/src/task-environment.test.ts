import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GlueCatalog } from '@datamaster/iceberg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TaskEnvironmentError } from './errors.js';
import { lakeTablesFromEnvironment, processingContextFromEnvironment } from './task-environment.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'task-env-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the processing tasks environment', () => {
  it('names every missing or bad variable', () => {
    expect(() => processingContextFromEnvironment({})).toThrow(TaskEnvironmentError);
    expect(() => processingContextFromEnvironment({})).toThrow(/LAKE_URI: .*LEDGER_TABLE: /);
    expect(() => lakeTablesFromEnvironment({ LAKE_URI: dir, GLUE_ENDPOINT: 'not a url' })).toThrow(/GLUE_ENDPOINT: /);
  });

  it('opens the lake bucket as the object store and the warehouse, its tables in Glue, and the ledger table', async () => {
    const { context, close } = processingContextFromEnvironment({ LAKE_URI: join(dir, 'lake'), LEDGER_TABLE: 'dm-ledger', GLUE_ENDPOINT: 'http://127.0.0.1:1' });
    expect(context.store.uri).toBe(pathToFileURL(join(dir, 'lake')).href);
    expect(context.lake.catalog).toBeInstanceOf(GlueCatalog);
    expect(context.lake.tables.map((t) => t.layer)).not.toContain('bronze');
    expect(context.ledger.tableName).toBe('dm-ledger');
    // On AWS the leases expire: no process to watch, no journal (Step Functions keeps the executions).
    expect(context.holderGone).toBeUndefined();
    expect(context.journal).toBeUndefined();
    await close();
  });
});
