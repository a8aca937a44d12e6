// The control ledger's embedded DynamoDB-API server for one lake home, held open for the Python tests the way
// libs/local-platform/src/ledger-service.ts holds it for a CLI command: dynalite on the home's ledger folder, a
// random loopback port, and <home>/run/ledger.json naming it, so every `datamaster` command run meanwhile
// connects to this server instead of starting its own (only one process can open the LevelDB folder).
// Usage: node ledger-server.mjs <home>. Prints the run file's JSON on one line once listening; stops when its
// stdin closes (the test process ended, even by a crash) or on SIGTERM/SIGINT, removing the run file.
import { readFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import dynalite from 'dynalite';

const home = process.argv[2];
if (!home) {
  process.stderr.write('usage: node ledger-server.mjs <lake home>\n');
  process.exit(2);
}
const config = JSON.parse(readFileSync(join(home, 'config.json'), 'utf8'));
const dataDir = isAbsolute(config.ledger.dataDir) ? config.ledger.dataDir : join(home, config.ledger.dataDir);
const runFile = join(home, 'run', 'ledger.json');

// The options of startEmbeddedDynamo (libs/embedded-services/src/dynamo.ts): tables are ACTIVE at once.
const server = dynalite({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => {
  const run = {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' },
    pid: process.pid,
  };
  mkdirSync(join(home, 'run'), { recursive: true });
  writeFileSync(runFile, JSON.stringify(run));
  process.stdout.write(`${JSON.stringify(run)}\n`);
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  rmSync(runFile, { force: true });
  // close() waits for pending LevelDB operations, then releases the folder's LOCK.
  server.close(() => process.exit(0));
}
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
