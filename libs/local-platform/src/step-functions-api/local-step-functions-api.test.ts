// The local Step Functions API read with the real @aws-sdk/client-sfn, after real local runs in a lake home: batch
// extracts through the ingestion state machine, then the processing state machine on the embedded engine.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  paginateGetExecutionHistory,
  paginateListExecutions,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { INGESTION_STATE_MACHINE, type LedgerRecord } from '@datamaster/lake-contract';
import { initLakeHome } from '@datamaster/lake-home';
import { embeddedEngine } from '@datamaster/lakehouse';
import { putBatchExtract } from '@datamaster/ingestion';
import { LocalIngestion } from '@datamaster/ingestion/local';
import { runProcessing } from '@datamaster/processing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalLakehouse } from '../local-lakehouse.js';
import { openLocalPlatform, type LocalPlatform } from '../local-platform.js';
import { stopLedgerServer } from '../testing.js';
import { startLocalStepFunctionsApi, type LocalStepFunctionsApi } from './local-step-functions-api.js';

const INGESTION_ARN = 'arn:aws:states:local:000000000000:stateMachine:datamaster-ingestion';
const PROCESSING_ARN = 'arn:aws:states:local:000000000000:stateMachine:datamaster-processing';

let dir: string;
let platform: LocalPlatform;
let api: LocalStepFunctionsApi;
let client: SFNClient;
const ingested: LedgerRecord[] = [];
let processed: LedgerRecord;

function extract(name: string, lines: readonly string[]): string {
  const file = join(dir, name);
  writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'local-step-functions-api-'));
  const { home } = initLakeHome(join(dir, 'home'));
  platform = await openLocalPlatform(home);
  const ingestion = new LocalIngestion({ store: platform.store, ledger: platform.ledger, maskingKey: platform.maskingKey, journal: platform.journal });
  const files = [
    extract('first.csv.gz', ['profile_id,profile_name,email,state', '1,ann,ann@example.com,CA', '2,bob,bob@example.com,OR']),
    extract('second.csv.gz', ['profile_id,profile_name,email,state', '3,cy,cy@example.com,WA']),
    extract('broken.csv.gz', ['not,the,profile,header', '1,2,3,4']),
  ];
  for (const file of files) {
    const { key } = await putBatchExtract({ store: platform.store, file, table: 'profile' });
    ingested.push(await ingestion.ingestKey(key));
  }
  const lakehouse = await openLocalLakehouse(platform);
  try {
    await runProcessing(lakehouse.processing, embeddedEngine(lakehouse), { layers: 'silver', tables: ['profile'] });
  } finally {
    lakehouse.close();
  }
  processed = (await platform.ledger.list({ layer: 'silver', table: 'profile' })).records[0] as LedgerRecord;
  api = await startLocalStepFunctionsApi({ home });
  client = new SFNClient({ endpoint: api.endpoint, region: api.region, credentials: { accessKeyId: 'anything', secretAccessKey: 'at-all' } });
});

afterAll(async () => {
  client?.destroy();
  await api?.close();
  await platform?.close();
  await stopLedgerServer(join(dir, 'home'));
  rmSync(dir, { recursive: true, force: true });
});

const typesOf = (events: readonly HistoryEvent[] | undefined) => (events ?? []).map((e) => e.type);

describe('the local Step Functions API', () => {
  it('lists the platform\'s two state machines and describes each with its ASL file', async () => {
    const { stateMachines } = await client.send(new ListStateMachinesCommand({}));
    expect(stateMachines?.map((m) => [m.name, m.stateMachineArn, m.type])).toEqual([
      ['datamaster-ingestion', INGESTION_ARN, 'STANDARD'],
      ['datamaster-processing', PROCESSING_ARN, 'STANDARD'],
    ]);
    // Created when its first execution was recorded: before the first listed execution ended.
    const firstStart = (await client.send(new ListExecutionsCommand({ stateMachineArn: INGESTION_ARN }))).executions?.at(-1)?.startDate;
    expect(stateMachines?.[0]?.creationDate).toEqual(firstStart);
    const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: INGESTION_ARN }));
    expect(described).toMatchObject({ name: 'datamaster-ingestion', status: 'ACTIVE', type: 'STANDARD' });
    expect(JSON.parse(described.definition ?? '')).toEqual(INGESTION_STATE_MACHINE);
  });

  it('lists the ingestion executions newest first, each a ledger record\'s executionId', async () => {
    const { executions } = await client.send(new ListExecutionsCommand({ stateMachineArn: INGESTION_ARN }));
    expect(executions?.map((e) => e.executionArn)).toEqual(ingested.map((r) => r.executionId).reverse());
    expect(executions?.map((e) => e.status)).toEqual(['FAILED', 'SUCCEEDED', 'SUCCEEDED']);
    for (const execution of executions ?? []) {
      expect(execution.startDate).toBeInstanceOf(Date);
      expect(execution.stopDate?.getTime()).toBeGreaterThanOrEqual(execution.startDate?.getTime() ?? Infinity);
      expect(execution.stateMachineArn).toBe(INGESTION_ARN);
    }
    const failed = await client.send(new ListExecutionsCommand({ stateMachineArn: INGESTION_ARN, statusFilter: 'FAILED' }));
    expect(failed.executions?.map((e) => e.executionArn)).toEqual([ingested[2]?.executionId]);
  });

  it('describes a succeeded ingestion with its input and output, and reads its history', async () => {
    const record = ingested[0] as LedgerRecord;
    const execution = await client.send(new DescribeExecutionCommand({ executionArn: record.executionId }));
    expect(execution).toMatchObject({ status: 'SUCCEEDED', stateMachineArn: INGESTION_ARN, name: record.executionId?.split(':').pop() });
    expect(JSON.parse(execution.input ?? '')).toMatchObject({ recordId: record.recordId, table: 'profile', objectKey: record.objectKey });
    expect(JSON.parse(execution.output ?? '')).toMatchObject({ result: { outcome: { recordId: record.recordId, status: 'succeeded', rowsOut: 2 } } });
    const { events } = await client.send(new GetExecutionHistoryCommand({ executionArn: record.executionId }));
    expect(typesOf(events)).toEqual(['ExecutionStarted', 'ChoiceStateEntered', 'ChoiceStateExited', 'TaskStateEntered', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(events?.map((e) => [e.id, e.previousEventId])).toEqual([[1, 0], [2, 1], [3, 2], [4, 3], [5, 4], [6, 5]]);
    expect(events?.[0]?.timestamp).toEqual(execution.startDate);
    expect(events?.at(-1)?.timestamp).toEqual(execution.stopDate);
    expect(events?.[3]?.stateEnteredEventDetails?.name).toBe('BronzeLambda');
    expect(JSON.parse(events?.[4]?.stateExitedEventDetails?.output ?? '')).toEqual(JSON.parse(execution.output ?? ''));
  });

  it('describes a failed ingestion with the Fail state\'s error and cause, and the worker\'s TaskFailed', async () => {
    const record = ingested[2] as LedgerRecord;
    expect(record.status).toBe('failed');
    const execution = await client.send(new DescribeExecutionCommand({ executionArn: record.executionId }));
    expect(execution).toMatchObject({ status: 'FAILED', error: 'IngestionFailed', cause: expect.stringContaining('control ledger record holds the error') });
    expect(execution.output).toBeUndefined();
    const { events } = await client.send(new GetExecutionHistoryCommand({ executionArn: record.executionId }));
    expect(typesOf(events)).toEqual([
      'ExecutionStarted', 'ChoiceStateEntered', 'ChoiceStateExited', 'TaskStateEntered', 'TaskFailed', 'TaskStateExited',
      'TaskStateEntered', 'TaskStateExited', 'FailStateEntered', 'ExecutionFailed',
    ]);
    const taskFailed = events?.[4]?.taskFailedEventDetails;
    expect(taskFailed).toMatchObject({ resourceType: 'lambda', resource: 'invoke', error: 'BronzeWorkFailedError' });
    expect(record.lastError?.message).toBeDefined();
    expect(taskFailed?.cause).toContain(record.lastError?.message);
    expect(events?.at(-1)?.executionFailedEventDetails).toEqual({ error: 'IngestionFailed', cause: execution.cause });
  });

  it('describes the processing execution a silver record names, with its Map iterations', async () => {
    expect(processed.status).toBe('succeeded');
    const execution = await client.send(new DescribeExecutionCommand({ executionArn: processed.executionId }));
    expect(execution).toMatchObject({ status: 'SUCCEEDED', stateMachineArn: PROCESSING_ARN });
    expect(execution.name).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-[0-9a-f]{8}$/);
    const { executions } = await client.send(new ListExecutionsCommand({ stateMachineArn: PROCESSING_ARN }));
    expect(executions?.map((e) => e.executionArn)).toEqual([processed.executionId]);
    const { events } = await client.send(new GetExecutionHistoryCommand({ executionArn: processed.executionId, maxResults: 1000 }));
    const types = typesOf(events);
    expect(types.filter((t) => t === 'MapIterationStarted')).toHaveLength(1);
    const iteration = events?.find((e) => e.type === 'MapIterationStarted');
    expect(iteration?.mapIterationStartedEventDetails).toEqual({ name: 'MergeSilverTables', index: 0 });
    const claim = events?.find((e) => e.stateEnteredEventDetails?.name === 'ClaimSilverWork');
    expect(claim?.previousEventId).toBe(iteration?.id);
    expect(events?.map((e) => e.id)).toEqual(events?.map((_, i) => i + 1));
  });

  it('pages through executions and history as the SDK\'s paginators do, either way', async () => {
    const pages: string[][] = [];
    for await (const page of paginateListExecutions({ client, pageSize: 2 }, { stateMachineArn: INGESTION_ARN })) pages.push((page.executions ?? []).map((e) => e.executionArn as string));
    expect(pages).toEqual([[ingested[2]?.executionId, ingested[1]?.executionId], [ingested[0]?.executionId]]);

    const executionArn = ingested[2]?.executionId;
    const forward: number[][] = [];
    for await (const page of paginateGetExecutionHistory({ client, pageSize: 4 }, { executionArn })) forward.push((page.events ?? []).map((e) => e.id as number));
    expect(forward).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]]);
    const backward: number[] = [];
    for await (const page of paginateGetExecutionHistory({ client, pageSize: 3 }, { executionArn, reverseOrder: true })) backward.push(...(page.events ?? []).map((e) => e.id as number));
    expect(backward).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('answers errors as Step Functions does', async () => {
    const unknown = INGESTION_ARN.replace(':stateMachine:', ':execution:').concat(':no-such-execution');
    await expect(client.send(new DescribeExecutionCommand({ executionArn: unknown }))).rejects.toThrow(ExecutionDoesNotExist);
    await expect(client.send(new GetExecutionHistoryCommand({ executionArn: unknown }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist', message: `Execution Does Not Exist: '${unknown}'`, $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' }))).rejects.toThrow(InvalidArn);
    await expect(client.send(new ListExecutionsCommand({ stateMachineArn: INGESTION_ARN.replace('ingestion', 'other') }))).rejects.toThrow(StateMachineDoesNotExist);
    await expect(client.send(new ListExecutionsCommand({ stateMachineArn: INGESTION_ARN, nextToken: 'garbage' }))).rejects.toThrow(InvalidToken);
    await expect(client.send(new ListExecutionsCommand({ stateMachineArn: INGESTION_ARN, maxResults: 1001 }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new StartExecutionCommand({ stateMachineArn: INGESTION_ARN, input: '{}' }))).rejects.toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } });
    const raw = await fetch(api.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListExecutions' }, body: '{' });
    expect(raw.status).toBe(400);
    expect(raw.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await raw.json()).toMatchObject({ __type: 'SerializationException' });
  });
});
