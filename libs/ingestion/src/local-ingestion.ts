// Ingestion on one machine, through the production path: a raw object's ObjectCreated event
// registers it in the ledger, and the ingestion state machine (the same ASL file AWS runs)
// dispatches it to the bronze worker — in-process for the "Lambda", a separate task for "ECS".
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { INGESTION_STATE_MACHINE, INGESTION_STATE_MACHINE_NAME, LOCAL_AWS_LOCATION, executionArn, executionName, ingestionInput, substituteDefinition, tableOfRawKey, type LedgerRecord } from '@datamaster/lake-contract';
import { runLocally, type ExecutionJournal, type JsonValue, type LocalExecution } from '@datamaster/orchestration';
import { abandonedRecord, processRawObject, type BronzeWorkerContext } from './process-raw-object.js';
import { recordWorkerFailure, type WorkerFailurePayload } from './record-worker-failure.js';
import { registerRawObject } from './register-raw-object.js';

/** Local stand-ins for the deployment values the ASL file's placeholders name. */
const LOCAL_SUBSTITUTIONS = {
  BronzeLambdaArn: 'arn:datamaster:local:function:bronze-worker',
  EcsClusterArn: 'arn:datamaster:local:cluster:local',
  BronzeTaskDefinitionArn: 'arn:datamaster:local:task-definition:bronze-worker',
  PrivateSubnetIds: 'local',
  WorkerSecurityGroupId: 'local',
  LedgerFailureLambdaArn: 'arn:datamaster:local:function:ledger-failure',
};
const LOCAL_DEFINITION = substituteDefinition(INGESTION_STATE_MACHINE, LOCAL_SUBSTITUTIONS);
/** How often the ledger is read while another execution runs the object this one was asked for. */
const OTHER_EXECUTION_POLL_MS = 200;

/** Runs the ECS task of one record (e.g. the worker in a child process); rejects when the task fails. */
export type EcsTaskRunner = (request: { recordId: string; executionId: string }) => Promise<void>;

export interface LocalIngestionOptions extends BronzeWorkerContext {
  /** Without one, the "ECS" task runs in this process (computeTarget "ecs" all the same). */
  readonly runEcsTask?: EcsTaskRunner;
  /** Told about every execution, for progress output. */
  readonly onExecution?: (execution: LocalExecution, record: LedgerRecord) => void;
  /** Where each execution is recorded, as Step Functions would keep it; without one, executions are not kept. */
  readonly journal?: ExecutionJournal;
}

export class LocalIngestion {
  private queue: Promise<unknown> = Promise.resolve();
  private unsubscribe?: () => void;

  constructor(private readonly options: LocalIngestionOptions) {}

  /** Reacts to every raw object put through this store from now on. */
  start(): void {
    this.unsubscribe = this.options.store.onObjectCreated((event) => {
      if (tableOfRawKey(event.key)) void this.enqueue(() => this.ingestKey(event.key)).catch(() => undefined);
    });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.whenIdle();
  }

  /** Resolves when everything queued so far has run. */
  async whenIdle(): Promise<void> {
    let current: Promise<unknown>;
    do {
      current = this.queue;
      await current.catch(() => undefined);
    } while (current !== this.queue);
  }

  /**
   * Registers a raw object and, when it has work to do, runs its execution. When another execution runs it (another
   * command ingesting the same object at the same time), that one's outcome is awaited and returned.
   */
  async ingestKey(key: string): Promise<LedgerRecord> {
    const { record } = await registerRawObject(this.options.store, this.options.ledger, key);
    // A record a dead process left running is run again now, not after its lease; after this process's own
    // execution the record is only still running when another live one claimed it first.
    const outcome = record.status === 'pending' || abandonedRecord(this.options, record) ? await this.execute(record) : record;
    return outcome.status === 'running' ? this.outcomeOfOther(outcome) : outcome;
  }

  /** Recovers expired leases and dead processes' work, then runs every record that is due (pending, or failed and past its backoff). */
  async drain(): Promise<LedgerRecord[]> {
    await this.options.ledger.recoverExpiredLeases();
    const ran: LedgerRecord[] = [];
    for (const record of (await this.options.ledger.listByLayer({ layer: 'bronze', status: 'running', limit: 1000 })).records) {
      if (abandonedRecord(this.options, record)) ran.push(await this.execute(record));
    }
    for (;;) {
      const due = await this.options.ledger.listDue({ layer: 'bronze', limit: 25 });
      if (due.length === 0) return ran;
      for (const record of due) ran.push(await this.execute(record));
    }
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Waits while the other execution holds its lease; a lease that expires (its worker died) ends the wait too. */
  private async outcomeOfOther(running: LedgerRecord): Promise<LedgerRecord> {
    let record = running;
    while (record.status === 'running' && Date.parse(record.leaseExpiresAt ?? '') > Date.now()) {
      await sleep(OTHER_EXECUTION_POLL_MS);
      record = (await this.options.ledger.get(record.recordId)) ?? record;
      // The other process died meanwhile: its work is this one's now.
      if (abandonedRecord(this.options, record)) return this.execute(record);
    }
    return record;
  }

  private async execute(record: LedgerRecord): Promise<LedgerRecord> {
    // Unique across processes, as Step Functions' are: two commands ingesting one object must not share a lease owner.
    const name = executionName(record.recordId, 'attempt', record.attempts + 1, randomUUID().slice(0, 8));
    const executionId = executionArn(LOCAL_AWS_LOCATION, INGESTION_STATE_MACHINE_NAME, name);
    const execution = await runLocally(LOCAL_DEFINITION, ingestionInput(record), {
      executionId,
      journal: this.options.journal,
      handlers: {
        BronzeLambda: async (input) => ({ Payload: await this.runWorker(payloadOf(input).recordId, executionId, 'lambda') }),
        BronzeEcsTask: async () => {
          if (this.options.runEcsTask) await this.options.runEcsTask({ recordId: record.recordId, executionId });
          else await this.runWorker(record.recordId, executionId, 'ecs');
          return { StopCode: 'EssentialContainerExited' };
        },
        RecordFailure: async (input) => ({ recorded: await recordWorkerFailure(this.options.ledger, payloadOf(input), executionId) }),
      },
    });
    const after = (await this.options.ledger.get(record.recordId)) ?? record;
    this.options.onExecution?.(execution, after);
    return after;
  }

  private async runWorker(recordId: string, executionId: string, computeTarget: string): Promise<JsonValue> {
    const done = await processRawObject(this.options, { recordId, owner: executionId, computeTarget, executionId });
    return { recordId, status: done.status, rowsOut: done.rowsOut ?? 0, rowsQuarantined: done.rowsQuarantined ?? 0 };
  }
}

function payloadOf(input: JsonValue): WorkerFailurePayload {
  return (input as unknown as { Payload: WorkerFailurePayload }).Payload;
}
