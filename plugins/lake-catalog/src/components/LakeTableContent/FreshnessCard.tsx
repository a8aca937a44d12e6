import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import type { LakeTableDetails, LakeTableLiveStatus } from '@datamaster/plugin-lake-catalog-common';
import { formatBytes, formatCount, formatTime } from '../format';
import { FreshnessLabel } from '../StatusLabels';

/** Freshness against the manifest's objective, with what the table holds now. */
export function FreshnessCard({ table, status }: { table: LakeTableDetails; status: LakeTableLiveStatus }) {
  const s = status.status;
  const lastData = s.snapshot?.at ?? (table.layer === 'bronze' ? s.lastRun?.at : undefined);
  return (
    <InfoCard title="Freshness">
      <StructuredMetadataTable
        metadata={{
          freshness: <FreshnessLabel freshness={s.freshness} />,
          objective: table.freshnessObjective ?? 'none (not refreshed by the lake)',
          'last data': formatTime(lastData),
          'current snapshot': s.snapshot?.id ?? (table.layer === 'bronze' ? 'bronze is plain Parquet: no snapshots' : 'none yet'),
          rows: formatCount(s.rows),
          'data files': formatCount(s.dataFiles),
          size: formatBytes(s.bytes),
          'work waiting': s.waiting,
          'checked at': formatTime(status.checkedAt),
        }}
      />
    </InfoCard>
  );
}
