// `datamaster plan`'s view of the source: the schema changes CDC recorded (control records under raw/_control/) that
// the manifest does not reflect yet. The stream stops at such a change until the manifest takes it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { SourceSchemaChange, SourceTableSchemaChanges } from '@datamaster/cdc';
import { LAKE_CONFIG_FILE } from '@datamaster/lake-home/location';
import type { CommandContext } from './context.js';

/** The lake home's source schema changes against the active manifest; undefined when there is no lake home. */
export async function sourceSchemaChanges(ctx: CommandContext, command: Command): Promise<SourceTableSchemaChanges[] | undefined> {
  const root = ctx.homeDir(command);
  // Only an existing home has anything recorded: plan must not create one (it runs in CI without any).
  if (!existsSync(join(root, LAKE_CONFIG_FILE))) return undefined;
  const [{ readSourceSchemaChanges }, { openLakeHome }, { lakeManifest }, { openObjectStore }] = await Promise.all([
    import('@datamaster/cdc'),
    import('@datamaster/lake-home'),
    import('@datamaster/lake-manifest'),
    import('@datamaster/storage'),
  ]);
  const store = openObjectStore(openLakeHome(root).storageUri);
  try {
    return await readSourceSchemaChanges(store, lakeManifest());
  } finally {
    await store.close();
  }
}

const VERBS: Record<SourceSchemaChange['operation'], string> = { 'add-column': 'added', 'drop-column': 'dropped', 'column-type-change': 'changed type' };

export function printSourceSchemaChanges(ctx: CommandContext, tables: readonly SourceTableSchemaChanges[] | undefined): void {
  const changes = (tables ?? []).flatMap(({ sourceTable, changes: of }) => of.map((change) => ({ sourceTable, ...change })));
  if (changes.length === 0) return;
  ctx.output.line(`\n${ctx.output.colors.yellow('source schema changes not in the manifest')} (${changes.length})`);
  for (const c of changes) ctx.output.line(`  ${c.sourceTable}: column ${c.column} (${c.sourceType}) ${VERBS[c.operation]} at ${c.at} — ${c.manifestChange}`);
  ctx.output.line('The CDC stream stops at them until the manifest takes them; they do not make this plan breaking.');
}
