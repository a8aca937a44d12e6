// Helpers for this library's own tests: one embedded DynamoDB per test file, a fresh ledger table per test,
// and a clock that only moves when a test moves it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startEmbeddedDynamo, type EmbeddedServer } from '@datamaster/embedded-services';
import { ControlLedger } from './control-ledger.js';
import type { BackoffOptions, RegisterInput } from '@datamaster/lake-contract';

export interface TestClock {
  readonly read: () => Date;
  advance(ms: number): Date;
}

export function testClock(start = '2030-01-01T00:00:00.000Z'): TestClock {
  let current = new Date(start);
  return {
    read: () => current,
    advance: (ms) => (current = new Date(current.getTime() + ms)),
  };
}

export interface TestDynamo {
  readonly server: EmbeddedServer;
  readonly client: DynamoDBClient;
  /** A ledger on a table of its own, so that tests never see each other's records. */
  newLedger(options?: { clock?: TestClock; backoff?: BackoffOptions }): Promise<ControlLedger>;
  stop(): Promise<void>;
}

export async function startTestDynamo(): Promise<TestDynamo> {
  const server = await startEmbeddedDynamo();
  const client = new DynamoDBClient({ endpoint: server.endpoint, region: server.region, credentials: server.credentials });
  let tables = 0;
  return {
    server,
    client,
    async newLedger(options = {}) {
      tables += 1;
      const clock = options.clock ?? testClock();
      const ledger = new ControlLedger({ client, tableName: `ledger-${tables}`, clock: clock.read, backoff: options.backoff });
      await ledger.ensureTable();
      return ledger;
    },
    async stop() {
      client.destroy();
      await server.stop();
    },
  };
}

/** A raw review extract, as the router would register it; override what a test is about. */
export function rawObject(overrides: Partial<RegisterInput> = {}): RegisterInput {
  return {
    layer: 'bronze',
    table: 'review',
    objectKey: 'raw/review/part-0001.csv.gz',
    etag: '9b2cf535f27731c974343645a3985328',
    objectSize: 1_024,
    format: 'csv',
    source: 'batch',
    estimatedRecords: 500,
    ...overrides,
  };
}

export const SHA256_OF_EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
