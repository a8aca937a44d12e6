// The lake's silver and gold tables as a CloudFormation custom resource of the catalog stack. On create and update
// they are created in the Glue Data Catalog, or brought to the manifest, by LakeTables.ensure (what every local
// command does as it opens the lake; a change the tables cannot follow by themselves fails the deployment, naming
// `datamaster apply`), so the Lake Formation grants declared after it have tables to name. Iceberg tables are not
// CloudFormation resources: their field ids, partition specs and snapshots are the lake's, not the stack's. On
// delete nothing is dropped: the tables and their data outlive the stack.
import { lakeTablesFromEnvironment } from '@datamaster/processing/aws';
import { respond, type CloudFormationEvent } from './cloudformation-response.js';

async function ensureTables(): Promise<string[]> {
  const { lake, close } = lakeTablesFromEnvironment();
  try {
    return [...(await lake.ensure()).keys()];
  } finally {
    await close();
  }
}

export async function handler(event: CloudFormationEvent): Promise<void> {
  try {
    const tables = event.RequestType === 'Delete' ? [] : await ensureTables();
    console.log(JSON.stringify({ level: 'info', request: event.RequestType, tables }));
    await respond(event, { Status: 'SUCCESS', Data: { Tables: tables.join(',') } });
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', request: event.RequestType, message: (error as Error).message }));
    await respond(event, { Status: 'FAILED', Reason: (error as Error).message });
  }
}
