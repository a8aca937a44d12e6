// What the lake-catalog backend answers for silver.review and the overview, shaped by its API types: the
// components' one input in these tests (the backend's own tests check it computes these from a real lake).
import type { LakeTableDetails, LakeTableLiveStatus, LakeTableSummary, TableStatus } from '@datamaster/plugin-lake-catalog-common';

export const SILVER_REVIEW: LakeTableDetails = {
  ref: 'silver.review',
  layer: 'silver',
  name: 'review',
  domain: 'reviews',
  owner: 'group:default/data-platform',
  description: 'Every review, merged from bronze.',
  catalogTable: 'dm_silver.review',
  primaryKey: ['review_id'],
  partitionBy: ['review_year'],
  freshnessObjective: 'PT1H',
  manifestFile: 'tables/sources/review.json',
  columns: [
    { id: 1, name: 'review_id', type: 'long', nullable: false, classification: 'public', description: 'Review id.', origin: 'declared' },
    { id: 4, name: 'reviewer_email', type: 'string', nullable: true, classification: 'pii', masking: 'hmac-sha256', description: 'Masked email.', origin: 'declared' },
  ],
  lineage: { upstream: ['bronze.review'], downstream: ['silver.review_flat'], allUpstream: ['bronze.review', 'source.review'], allDownstream: ['silver.review_flat', 'gold.top_drinkers'] },
  grants: {
    columns: ['review_id', 'reviewer_email'],
    rows: [
      { principal: 'data-engineer', description: 'Builds the lake.', permissions: ['ALL'], columns: ['review_id', 'reviewer_email'], excludedColumns: [] },
      { principal: 'analyst', description: 'Explores.', permissions: ['SELECT', 'DESCRIBE'], columns: ['review_id'], excludedColumns: ['reviewer_email'] },
      { principal: 'demo', description: 'Gold only.', permissions: [], columns: [], excludedColumns: ['review_id', 'reviewer_email'] },
    ],
  },
  sampleQueries: [{ title: 'Preview', engine: 'datamaster', principal: 'data-engineer', sql: "datamaster query 'select * from silver.review limit 20' --as data-engineer" }],
};

const status = (overrides: Partial<TableStatus>): TableStatus => ({ ref: 'silver.review', layer: 'silver', rows: 0, dataFiles: 0, bytes: 0, waiting: 0, held: [], freshness: 'never-loaded', ...overrides });

export const SILVER_REVIEW_STATUS: LakeTableLiveStatus = {
  ref: 'silver.review',
  checkedAt: '2026-12-07T10:00:00.000Z',
  status: status({ rows: 1500, dataFiles: 2, bytes: 40960, freshness: 'fresh', objective: 'PT1H', snapshot: { id: '123', at: '2026-12-07T09:59:00.000Z' }, lastRun: { status: 'succeeded', at: '2026-12-07T09:59:00.000Z' } }),
  ledger: { pending: 0, running: 0, succeeded: 1, failed: 1, dead: 0 },
  runs: [
    {
      recordId: 'silver-1',
      objectKey: 'bronze/review/part-1.parquet',
      status: 'succeeded',
      attempts: 1,
      computeTarget: 'embedded',
      finishedAt: '2026-12-07T09:59:00.000Z',
      durationMs: 2300,
      rowsIn: 1500,
      rowsOut: 1500,
      rowsQuarantined: 0,
      executionArn: 'arn:aws:states:local:000000000000:execution:datamaster-processing:run-1',
      execution: { executionArn: 'arn:aws:states:local:000000000000:execution:datamaster-processing:run-1', stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:datamaster-processing', name: 'run-1', status: 'SUCCEEDED' },
    },
    { recordId: 'silver-2', objectKey: 'bronze/review/part-2.parquet', status: 'failed', attempts: 2, error: 'Binder Error: column beer_ibu not found' },
  ],
  stateMachine: {
    name: 'datamaster-processing',
    stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:datamaster-processing',
    executions: [
      { executionArn: 'arn:aws:states:local:000000000000:execution:datamaster-processing:run-2', stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:datamaster-processing', name: 'run-2', status: 'FAILED', startDate: '2026-12-07T10:00:00.000Z', stopDate: '2026-12-07T10:00:04.000Z', error: 'States.TaskFailed', cause: 'spark job lost' },
      { executionArn: 'arn:aws:states:local:000000000000:execution:datamaster-processing:run-1', stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:datamaster-processing', name: 'run-1', status: 'SUCCEEDED', startDate: '2026-12-07T09:58:55.000Z', stopDate: '2026-12-07T09:59:01.500Z' },
    ],
  },
  snapshots: [{ id: '123', at: '2026-12-07T09:59:00.000Z', operation: 'overwrite', addedRecords: 1500, totalRecords: 1500 }],
};

export const OVERVIEW: LakeTableSummary[] = [
  { ref: 'bronze.review', layer: 'bronze', name: 'review', domain: 'reviews', owner: 'group:default/data-platform', description: '', status: status({ ref: 'bronze.review', layer: 'bronze', freshness: 'fresh' }) },
  { ref: 'silver.review', layer: 'silver', name: 'review', domain: 'reviews', owner: 'group:default/data-platform', description: '', status: SILVER_REVIEW_STATUS.status },
  { ref: 'gold.top_drinkers', layer: 'gold', name: 'top_drinkers', domain: 'reviews', owner: 'group:default/analytics', description: '', status: status({ ref: 'gold.top_drinkers', layer: 'gold', lastRun: { status: 'failed', at: '2026-12-07T09:00:00.000Z', error: 'boom' } }) },
];
