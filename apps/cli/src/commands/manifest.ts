import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { LakeFormationGrant, LakeManifest, LakeTable } from '@datamaster/lake-manifest';
import type { CommandContext } from '../context.js';
import { formatTable } from '../io.js';

function tableSummary(table: LakeTable) {
  return {
    ref: table.ref,
    layer: table.layer,
    owner: table.owner,
    columns: table.columns.length,
    primaryKey: table.primaryKey,
    partitionBy: table.partitionBy.map((p) => p.column),
    freshness: table.freshness ?? null,
    file: table.file,
  };
}

function showLake(ctx: CommandContext, manifest: LakeManifest): void {
  const rows = manifest.tables.map((t) => [t.ref, t.owner, String(t.columns.length), t.primaryKey.join(','), t.partitionBy.map((p) => p.column).join(',') || '-', t.freshness ?? '-']);
  ctx.output.line(formatTable(['table', 'owner', 'columns', 'primary key', 'partitioned by', 'freshness'], rows));
}

function showTable(ctx: CommandContext, table: LakeTable, grants: readonly LakeFormationGrant[]): void {
  const { colors } = ctx.output;
  ctx.output.line(`${colors.bold(table.ref)}  ${table.description}`);
  ctx.output.line(`owner ${table.owner} · domain ${table.domain} · declared in ${table.file}${table.freshness ? ` · freshness ${table.freshness}` : ''}`);
  ctx.output.line(`upstream: ${table.upstream.join(', ') || '-'}`);
  ctx.output.line();
  const rows = table.columns.map((c) => [
    String(c.id),
    c.name,
    c.type,
    c.nullable ? 'null' : 'not null',
    c.classification === 'pii' ? colors.yellow(`pii (${c.masking})`) : '',
    c.description,
  ]);
  ctx.output.line(formatTable(['id', 'column', 'type', 'nullability', 'pii', 'description'], rows));
  if (grants.length > 0) {
    ctx.output.line();
    ctx.output.line(
      formatTable(
        ['principal', 'permissions', 'columns'],
        grants.map((g) => [g.principal, g.permissions.join(','), g.excludedColumns.length ? `all except ${g.excludedColumns.join(', ')}` : 'all']),
      ),
    );
  }
}

export function registerManifest(program: Command, ctx: CommandContext): void {
  const manifest = program.command('manifest').description('Validate or show the lake manifest (every table, declared once).');

  manifest
    .command('validate')
    .description('Validate the lake manifest; lists every problem with its file and field.')
    .option('--dir <dir>', 'validate the manifest in this folder (its tables/ and transforms/) instead of the built-in one')
    .option('--json', 'print the result as JSON')
    .action(async (options: { dir?: string; json?: boolean }) => {
      const [{ lakeManifest }, { loadManifestDir }] = await Promise.all([import('@datamaster/lake-manifest'), import('@datamaster/lake-manifest/node')]);
      const loaded = options.dir ? loadManifestDir(resolve(ctx.streams.cwd, options.dir)) : lakeManifest();
      const counts = Object.fromEntries(['source', 'bronze', 'silver', 'gold'].map((layer) => [layer, loaded.tables.filter((t) => t.layer === layer).length]));
      if (options.json) ctx.output.json({ valid: true, tables: loaded.tables.length, byLayer: counts, principals: loaded.principals.map((p) => p.name) });
      else
        ctx.output.line(
          `${ctx.output.colors.green('✔')} manifest valid: ${loaded.tables.length} tables (${Object.entries(counts)
            .map(([layer, n]) => `${n} ${layer}`)
            .join(', ')}), ${loaded.principals.length} principals`,
        );
    });

  manifest
    .command('show')
    .description('List every table, or show one table: columns, PII classes, upstream tables and grants.')
    .argument('[table]', 'a table as <layer>.<name>, e.g. silver.review')
    .option('--json', 'print as JSON')
    .action(async (ref: string | undefined, options: { json?: boolean }) => {
      const { allGrants, getTable, lakeManifest } = await import('@datamaster/lake-manifest');
      const loaded = lakeManifest();
      if (!ref) {
        if (options.json) ctx.output.json(loaded.tables.map(tableSummary));
        else showLake(ctx, loaded);
        return;
      }
      const table = getTable(loaded, ref);
      const grants = allGrants(loaded).filter((g) => g.tableRef === table.ref);
      if (options.json) ctx.output.json({ ...table, grants });
      else showTable(ctx, table, grants);
    });
}
