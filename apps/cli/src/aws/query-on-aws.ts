// `datamaster query --as <principal> --target aws:<stage>`: the local grant check, then Athena as the principal's
// role; printed as a local query is (table, csv or json).
import type { CommandContext } from '../context.js';
import { printQueryTable, TABLE_ROWS } from '../query-table.js';
import { withAwsPlatform } from './with-aws-platform.js';

export interface AwsQueryRequest {
  readonly stage: string;
  readonly sql: string;
  readonly principal: string;
  readonly format: 'table' | 'csv' | 'json';
}

const csvField = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export async function queryOnAws(ctx: CommandContext, request: AwsQueryRequest): Promise<void> {
  const [{ athenaQueryResult, runAthenaQuery }, { lakeManifest }] = await Promise.all([import('@datamaster/aws-platform'), import('@datamaster/lake-manifest')]);
  await withAwsPlatform(ctx, request.stage, async ({ deployment }) => {
    const result = athenaQueryResult(await runAthenaQuery(deployment, lakeManifest(), { sql: request.sql, principal: request.principal }));
    const names = result.columns.map((c) => c.name);
    if (request.format === 'json') ctx.output.json(result.rows);
    else if (request.format === 'csv') for (const line of [names, ...result.rows.map((row) => names.map((n) => row[n]))]) ctx.output.line(line.map(csvField).join(','));
    else printQueryTable(ctx, { columns: result.columns, rows: result.rows.slice(0, TABLE_ROWS) }, result.rows.length);
  });
}
