// What the ledger, Step Functions and the Iceberg catalog say about a table now. The status itself is the
// contract's tableStatus(), so the portal and `datamaster tables` cannot disagree.
import type { LoggerService } from '@backstage/backend-plugin-api';
import { currentSnapshotFacts, NoSuchTableError, type TableMetadata } from '@datamaster/iceberg';
import { INGESTION_STATE_MACHINE_NAME, LEDGER_STATUSES, PROCESSING_STATE_MACHINE_NAME, tableStatus, type LedgerRecord, type LedgerStatus } from '@datamaster/lake-contract';
import type { CatalogLayer, LakeManifest, LakeTable } from '@datamaster/lake-manifest';
import type { LakeExecution, LakeRun, LakeSnapshot, LakeTableLiveStatus, TableStatus } from '@datamaster/plugin-lake-catalog-common';
import type { LakeServices } from './lake-services';
import { StepFunctionsReader } from './step-functions';

/** How many runs and snapshots a table's status lists, newest first. */
const RECENT = 20;

function runTime(record: LedgerRecord): string {
  return record.finishedAt ?? record.startedAt ?? record.registeredAt;
}

function snapshotsOf(metadata: TableMetadata): LakeSnapshot[] {
  const count = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  return [...metadata.snapshots]
    .sort((a, b) => b['timestamp-ms'] - a['timestamp-ms'])
    .slice(0, RECENT)
    .map((s) => ({
      id: String(s['snapshot-id']),
      at: new Date(s['timestamp-ms']).toISOString(),
      ...(s.summary.operation === undefined ? {} : { operation: s.summary.operation }),
      ...(count(s.summary['added-records']) === undefined ? {} : { addedRecords: count(s.summary['added-records']) }),
      ...(count(s.summary['deleted-records']) === undefined ? {} : { deletedRecords: count(s.summary['deleted-records']) }),
      ...(count(s.summary['total-records']) === undefined ? {} : { totalRecords: count(s.summary['total-records']) }),
    }));
}

export class LakeStatusReader {
  private readonly stepFunctions: StepFunctionsReader;

  constructor(
    private readonly services: LakeServices,
    private readonly logger: LoggerService,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.stepFunctions = new StepFunctionsReader(services.stepFunctions, logger);
  }

  /** Every lake table's status (bronze, silver, gold), for the overview. */
  async statuses(manifest: LakeManifest, tables: readonly LakeTable[]): Promise<TableStatus[]> {
    return Promise.all(tables.map(async (table) => (await this.read(manifest, table)).status));
  }

  async liveStatus(manifest: LakeManifest, table: LakeTable): Promise<LakeTableLiveStatus> {
    const { records, metadata, status, checkedAt } = await this.read(manifest, table);
    const ledger = Object.fromEntries(LEDGER_STATUSES.map((s) => [s, records.filter((r) => r.status === s).length])) as Record<LedgerStatus, number>;
    const recent = [...records].sort((a, b) => runTime(b).localeCompare(runTime(a))).slice(0, RECENT);
    const [executions, stateMachine] = await Promise.all([
      this.stepFunctions.describe(recent.map((r) => r.executionId).filter((id): id is string => id !== undefined)),
      this.stepFunctions.stateMachine(table.layer === 'bronze' ? INGESTION_STATE_MACHINE_NAME : PROCESSING_STATE_MACHINE_NAME).catch((error: unknown) => {
        // The ledger's view stays available when Step Functions cannot be listed (throttling, a missing permission).
        this.logger.warn(`Listing the executions of the state machine writing ${table.ref} failed: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }),
    ]);
    return {
      ref: table.ref,
      checkedAt,
      status,
      ledger,
      runs: recent.map((record) => this.run(record, executions)),
      ...(stateMachine === undefined ? {} : { stateMachine }),
      snapshots: metadata === undefined ? [] : snapshotsOf(metadata),
    };
  }

  private async read(manifest: LakeManifest, table: LakeTable) {
    const checkedAt = this.clock();
    const [records, metadata] = await Promise.all([
      this.services.ledger.listAll({ table: table.name, layer: table.layer as CatalogLayer }),
      table.layer === 'bronze' ? undefined : this.metadata(manifest, table),
    ]);
    const snapshot = metadata === undefined ? undefined : currentSnapshotFacts(metadata);
    return { records, metadata, status: tableStatus(table, records, snapshot, checkedAt), checkedAt: checkedAt.toISOString() };
  }

  private async metadata(manifest: LakeManifest, table: LakeTable): Promise<TableMetadata | undefined> {
    try {
      return (await this.services.catalog.loadTable({ namespace: manifest.databases[table.layer as CatalogLayer], name: table.name })).metadata;
    } catch (error) {
      if (error instanceof NoSuchTableError) return undefined;
      throw error;
    }
  }

  private run(record: LedgerRecord, executions: ReadonlyMap<string, LakeExecution>): LakeRun {
    const execution = record.executionId === undefined ? undefined : executions.get(record.executionId);
    const optional = {
      computeTarget: record.computeTarget,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
      durationMs: record.durationMs,
      rowsIn: record.rowsIn,
      rowsOut: record.rowsOut,
      rowsQuarantined: record.rowsQuarantined,
      error: record.status === 'succeeded' ? undefined : record.lastError?.message,
      executionArn: record.executionId,
      execution,
    };
    return {
      recordId: record.recordId,
      objectKey: record.objectKey,
      status: record.status,
      attempts: record.attempts,
      ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    };
  }
}
