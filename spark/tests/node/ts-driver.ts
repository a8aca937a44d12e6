// The TypeScript side of the cross-language tests, bundled by esbuild at test time (tests/ts_driver.py): the real
// libs/control-ledger and libs/lake-manifest code, driven by a JSON script on stdin, answering JSON on stdout.
//   { "ledger": { endpoint, region, tableName }, "steps": [{ "op": "register" | "claim" | "succeed" | "fail" |
//     "recover" | "get" | "list", "now": ISO-8601, ...arguments }] }  → [result of each step]
//   { "manifest": true }  → the resolved manifest and the filled MERGE of every source table
// Each step runs at its `now` (the ledger's clock), so both languages can be compared at the same instants.
import { ControlLedger, LedgerConflictError, openLedger, type LedgerRecord } from '@datamaster/control-ledger';
import { lakeManifest } from '@datamaster/lake-manifest';
import { silverMergeSql } from '@datamaster/lake-manifest/transforms';

interface Step {
  readonly op: 'register' | 'claim' | 'succeed' | 'fail' | 'recover' | 'get' | 'list';
  readonly now: string;
  readonly [argument: string]: unknown;
}

interface Script {
  readonly ledger?: { readonly endpoint: string; readonly region: string; readonly tableName: string };
  readonly steps?: readonly Step[];
  readonly manifest?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function manifest(): unknown {
  const lake = lakeManifest();
  return {
    databases: lake.databases,
    tables: lake.tables.map((t) => ({
      ref: t.ref,
      layer: t.layer,
      name: t.name,
      columns: t.columns.map((c) => ({ id: c.id, name: c.name, type: c.type, nullable: c.nullable, origin: c.origin, expression: c.expression ?? null })),
      primaryKey: t.primaryKey,
      partitionBy: t.partitionBy.map((p) => p.column),
      upstream: t.upstream,
      isSource: t.source !== undefined,
    })),
    silverMerge: Object.fromEntries(lake.tables.filter((t) => t.layer === 'silver' && t.source !== undefined).map((t) => [t.ref, silverMergeSql(t)])),
  };
}

async function run(ledger: ControlLedger, step: Step): Promise<unknown> {
  const id = step['recordId'] as string;
  const now = new Date(step.now);
  try {
    switch (step.op) {
      case 'register':
        return await ledger.register(step['input'] as Parameters<ControlLedger['register']>[0]);
      case 'claim':
        return await ledger.claim(id, { ...(step['options'] as { owner: string; leaseMs: number }), now });
      case 'succeed':
        return await ledger.succeed(id, step['owner'] as string, step['outcome'] as Parameters<ControlLedger['succeed']>[2]);
      case 'fail':
        return await ledger.fail(id, step['owner'] as string | undefined, { message: step['message'] as string }, now);
      case 'recover':
        return await ledger.recoverExpiredLeases(now);
      case 'get':
        return (await ledger.get(id)) ?? null;
      case 'list':
        return await ledger.list(step['options'] as Parameters<ControlLedger['list']>[0]);
    }
  } catch (error) {
    if (error instanceof LedgerConflictError) return { conflict: error.message };
    throw error;
  }
}

const script = JSON.parse(await readStdin()) as Script;
if (script.manifest) {
  process.stdout.write(JSON.stringify(manifest()));
} else if (script.ledger !== undefined) {
  let now = new Date(0);
  const ledger = await openLedger({
    endpoint: script.ledger.endpoint,
    region: script.ledger.region,
    credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' },
    tableName: script.ledger.tableName,
    clock: () => now,
  });
  try {
    const results: unknown[] = [];
    for (const step of script.steps ?? []) {
      now = new Date(step.now);
      results.push((await run(ledger, step)) as LedgerRecord | unknown);
    }
    process.stdout.write(JSON.stringify(results));
  } finally {
    ledger.close();
  }
}
