// Freshness and run outcomes as Backstage's status indicators, always with the word (never colour alone).
import { StatusError, StatusOK, StatusPending, StatusRunning, StatusWarning } from '@backstage/core-components';
import type { LedgerStatus, TableStatus } from '@datamaster/plugin-lake-catalog-common';

export function FreshnessLabel({ freshness }: { freshness: TableStatus['freshness'] }) {
  if (freshness === 'fresh') return <StatusOK>fresh</StatusOK>;
  if (freshness === 'stale') return <StatusWarning>stale</StatusWarning>;
  return <StatusPending>never loaded</StatusPending>;
}

export function RunStatusLabel({ status }: { status: LedgerStatus | string }) {
  switch (status) {
    case 'succeeded':
    case 'SUCCEEDED':
      return <StatusOK>{status}</StatusOK>;
    case 'running':
    case 'RUNNING':
      return <StatusRunning>{status}</StatusRunning>;
    case 'pending':
      return <StatusPending>{status}</StatusPending>;
    case 'failed':
      return <StatusWarning>{status}</StatusWarning>;
    default:
      return <StatusError>{status}</StatusError>;
  }
}
