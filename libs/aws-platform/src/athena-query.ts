// `datamaster query --as <principal>` on AWS: the same grant check as locally, then the query runs on Athena in the
// deployment's workgroup as the principal's own role (datamaster-<stage>-<principal>), so Lake Formation enforces
// the same grants on the data itself (column filtering included).
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, type Row } from '@aws-sdk/client-athena';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { platformResourceName } from '@datamaster/lake-contract';
import { checkQueryText } from '@datamaster/lakehouse';
import type { LakeManifest } from '@datamaster/lake-manifest';
import { athenaSql } from './athena-sql.js';
import type { DeploymentOutputs } from './deployment-outputs.js';

export interface AthenaColumn {
  readonly name: string;
  /** Athena's type name: varchar, bigint, double, decimal, boolean, date, timestamp… */
  readonly type: string;
}

export interface AthenaResult {
  readonly queryExecutionId: string;
  /** The text Athena ran. */
  readonly sql: string;
  readonly columns: readonly AthenaColumn[];
  /** Values as Athena returns them: text, or null. */
  readonly rows: readonly (readonly (string | null)[])[];
  readonly scannedBytes: number;
}

export class AthenaQueryError extends Error {
  override readonly name = 'AthenaQueryError';
}

export interface AthenaQueryOptions {
  readonly sql: string;
  readonly principal: string;
  readonly pollMs?: number;
}

/** Credentials of the principal's role, for this query only. */
async function principalCredentials(stage: string, principal: string) {
  const sts = new STSClient({});
  try {
    const { Account } = await sts.send(new GetCallerIdentityCommand({}));
    const roleArn = `arn:aws:iam::${Account}:role/${platformResourceName(stage, principal)}`;
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: `datamaster-query-${principal}`.slice(0, 64), DurationSeconds: 900 })).catch((error: Error) => {
      throw new AthenaQueryError(`Cannot act as ${principal}: assuming ${roleArn} failed (${error.message}). The catalog stack creates the role; your identity needs sts:AssumeRole on it.`);
    });
    const c = assumed.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new AthenaQueryError(`Assuming ${roleArn} returned no credentials.`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}) };
  } finally {
    sts.destroy();
  }
}

export async function runAthenaQuery(deployment: DeploymentOutputs, manifest: LakeManifest, options: AthenaQueryOptions): Promise<AthenaResult> {
  const workgroup = deployment.athenaWorkgroup;
  if (workgroup === undefined) throw new AthenaQueryError(`Stage ${deployment.stage} has no analytics stack in ${deployment.region} (datamaster-${deployment.stage}-analytics), so no Athena workgroup to query in: deploy it (npx nx run infra:deploy -- -c stage=${deployment.stage}).`);
  const checked = await checkQueryText(manifest, options.principal, options.sql);
  const sql = athenaSql(options.sql, checked.references, manifest.databases);
  const athena = new AthenaClient({ credentials: await principalCredentials(deployment.stage, options.principal) });
  try {
    const { QueryExecutionId: id } = await athena.send(new StartQueryExecutionCommand({ QueryString: sql, WorkGroup: workgroup }));
    if (id === undefined) throw new AthenaQueryError('Athena started no query execution.');
    let scannedBytes = 0;
    for (;;) {
      const execution = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution;
      const state = execution?.Status?.State;
      scannedBytes = execution?.Statistics?.DataScannedInBytes ?? 0;
      if (state === 'SUCCEEDED') break;
      if (state === 'FAILED' || state === 'CANCELLED') throw new AthenaQueryError(`Athena query ${id} ${state.toLowerCase()}: ${execution?.Status?.StateChangeReason ?? 'no reason given'}\n  ran: ${sql}`);
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
    }
    const columns: AthenaColumn[] = [];
    const rows: (string | null)[][] = [];
    let token: string | undefined;
    let first = true;
    do {
      const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token }));
      if (first) columns.push(...(page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => ({ name: c.Name ?? '', type: c.Type ?? 'varchar' })));
      const values = (page.ResultSet?.Rows ?? []).map((row: Row) => (row.Data ?? []).map((d) => d.VarCharValue ?? null));
      // A SELECT's first page starts with the header row (the column names); a data row may look the same.
      rows.push(...(first ? values.slice(1) : values));
      first = false;
      token = page.NextToken;
    } while (token);
    return { queryExecutionId: id, sql, columns, rows, scannedBytes };
  } finally {
    athena.destroy();
  }
}
