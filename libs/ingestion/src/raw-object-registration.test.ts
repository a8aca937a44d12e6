import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { openLedger, type ControlLedger } from '@datamaster/control-ledger';
import { startEmbeddedDynamo, startEmbeddedS3, type EmbeddedS3Server, type EmbeddedServer } from '@datamaster/embedded-services';
import { openObjectStore, type ObjectStore } from '@datamaster/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleObjectCreated, registrarFromEnvironment } from './raw-object-registration.js';

let dir: string;
let dynamo: EmbeddedServer;
let s3: EmbeddedS3Server;
let ledger: ControlLedger;
let store: ObjectStore;
const notifications: unknown[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'controller-'));
  [dynamo, s3] = await Promise.all([startEmbeddedDynamo(), startEmbeddedS3({ directory: dir, buckets: ['lake'] })]);
  s3.events.on('event', (notification) => notifications.push(notification));
  ledger = await openLedger({ ...dynamo, tableName: 'dm-ledger' });
  store = openObjectStore('s3://lake/dm', { s3: { endpoint: s3.endpoint, region: s3.region, credentials: s3.credentials, forcePathStyle: true } });
});
afterAll(async () => {
  ledger?.close();
  await store?.close();
  await Promise.all([dynamo?.stop(), s3?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('the raw-object registrar on S3 notifications', () => {
  it('registers each raw object once and starts one execution per new record, named after it', async () => {
    const started: StartExecutionCommand['input'][] = [];
    const stepFunctions = { send: async (command: StartExecutionCommand) => void started.push(command.input) } as never;
    const controller = { store, ledger, stepFunctions, stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:dm-ingestion' };

    const extract = gzipSync('review_id\n1\n2\n');
    await store.put('raw/review/batch 1.csv.gz', extract, { metadata: { format: 'csv', source: 'batch' } });
    await store.put('bronze/review/x.parquet', Buffer.from('PAR1'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const outcomes = await handleObjectCreated(controller, notifications.at(-2));
    expect(outcomes).toEqual([{ key: 'raw/review/batch 1.csv.gz', recordId: expect.stringMatching(/^bronze-/), created: true, executionStarted: true }]);
    expect(await handleObjectCreated(controller, notifications.at(-1))).toEqual([]);
    expect(started).toEqual([
      {
        stateMachineArn: controller.stateMachineArn,
        name: `${outcomes[0]!.recordId}-1`,
        input: JSON.stringify({ recordId: outcomes[0]!.recordId, table: 'review', objectKey: 'raw/review/batch 1.csv.gz', estimatedRecords: 2, objectSize: extract.length }),
      },
    ]);
    const redelivered = await handleObjectCreated(controller, notifications.at(-2));
    expect(redelivered[0]).toMatchObject({ created: false });
  });

  it('registers the object of an EventBridge "Object Created" event, whose key is not URL-encoded', async () => {
    const started: StartExecutionCommand['input'][] = [];
    const stepFunctions = { send: async (command: StartExecutionCommand) => void started.push(command.input) } as never;
    const controller = { store, ledger, stepFunctions, stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:dm-ingestion' };
    const info = await store.put('raw/beer/batch 2+3.csv.gz', gzipSync('beer_id\n1\n'), { metadata: { format: 'csv', source: 'batch' } });
    // As S3 sends it to EventBridge (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html); the bucket
    // is the store's, the key under its prefix.
    const event = {
      version: '0',
      id: 'c9888434-815d-c6f4-9fc2-4dd7bdeccaaf',
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '123456789012',
      time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      region: 'us-east-1',
      resources: ['arn:aws:s3:::lake'],
      detail: { version: '0', bucket: { name: 'lake' }, object: { key: `dm/${info.key}`, size: info.size, etag: info.etag, sequencer: '0064D3901D00059242' }, reason: 'PutObject' },
    };
    const outcomes = await handleObjectCreated(controller, event);
    expect(outcomes).toEqual([{ key: 'raw/beer/batch 2+3.csv.gz', recordId: expect.stringMatching(/^bronze-/), created: true, executionStarted: true }]);
    expect(await ledger.get(outcomes[0]!.recordId)).toMatchObject({ table: 'beer', objectKey: 'raw/beer/batch 2+3.csv.gz', etag: info.etag, estimatedRecords: 1 });
    expect(started).toHaveLength(1);
  });

  it('reads raw objects from RAW_URI when the raw objects are kept apart from the lake', () => {
    const variables = { LAKE_URI: 's3://lake-bucket', LEDGER_TABLE: 'dm-ledger', INGESTION_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:dm-ingestion' };
    expect(registrarFromEnvironment({ ...variables, RAW_URI: 's3://raw-bucket' }).store.uri).toBe('s3://raw-bucket');
    expect(registrarFromEnvironment(variables).store.uri).toBe('s3://lake-bucket');
  });
});
