// One user of a lake home's ledger, as a process of its own, for the tests (bundled by ./bundle-ledger-user.ts):
// `node ledger-user.mjs <home> <idleMs> <name>` opens the local platform, registers one ledger record named after
// it and prints {endpoint, recordId} on a line. Then, per stdin line: "count" prints how many records the ledger
// holds; "close" closes the platform and exits.
import { createInterface } from 'node:readline';
import { openLakeHome } from '@datamaster/lake-home';
import { openLocalPlatform } from '../local-platform.js';

const [home = '', idleMs = '', name = ''] = process.argv.slice(2);
const platform = await openLocalPlatform(openLakeHome(home), { idleMs: Number(idleMs) });
const { record } = await platform.ledger.register({ layer: 'bronze', table: 'review', objectKey: `raw/review/${name}.csv.gz`, etag: name, objectSize: 1, format: 'csv', source: 'batch' });
process.stdout.write(`${JSON.stringify({ endpoint: platform.ledgerEndpoint.endpoint, recordId: record.recordId })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'count') process.stdout.write(`${(await platform.ledger.list({ table: 'review', layer: 'bronze' })).records.length}\n`);
  if (line === 'close') break;
}
await platform.close();
