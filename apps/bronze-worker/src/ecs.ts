// The bronze worker as an ECS task (objects over 100,000 estimated records): the state machine
// passes RECORD_ID and EXECUTION_ID and waits for the task; the exit code is the outcome.
import { processRawObject } from '@datamaster/ingestion';
import { workerContext } from './context.js';

const recordId = process.env['RECORD_ID'];
const executionId = process.env['EXECUTION_ID'];
if (!recordId || !executionId) {
  console.error('bronze-worker: RECORD_ID and EXECUTION_ID must be set (the ingestion state machine sets them).');
  process.exit(2);
}
try {
  const done = await processRawObject(await workerContext(), { recordId, owner: executionId, computeTarget: 'ecs', executionId });
  console.log(JSON.stringify({ level: 'info', recordId, status: done.status, rowsOut: done.rowsOut, rowsQuarantined: done.rowsQuarantined }));
  process.exit(0);
} catch (error) {
  console.error(JSON.stringify({ level: 'error', recordId, message: (error as Error).message }));
  process.exit(1);
}
