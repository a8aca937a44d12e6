import { InfoCard } from '@backstage/core-components';
import type { LakeTableLiveStatus } from '@datamaster/plugin-lake-catalog-common';
import { Table, TableBody, TableCell, TableHead, TableRow } from '@material-ui/core';
import { formatCount, formatTime } from '../format';

/** The table's latest Iceberg snapshots, newest first. */
export function SnapshotsCard({ status }: { status: LakeTableLiveStatus }) {
  if (status.snapshots.length === 0) return null;
  return (
    <InfoCard title="Snapshots">
      <Table size="small" aria-label="snapshots">
        <TableHead>
          <TableRow>
            <TableCell>snapshot</TableCell>
            <TableCell>committed</TableCell>
            <TableCell>operation</TableCell>
            <TableCell>added</TableCell>
            <TableCell>deleted</TableCell>
            <TableCell>total rows</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {status.snapshots.map((s) => (
            <TableRow key={s.id}>
              <TableCell>
                <code>{s.id}</code>
              </TableCell>
              <TableCell>{formatTime(s.at)}</TableCell>
              <TableCell>{s.operation ?? '—'}</TableCell>
              <TableCell>{formatCount(s.addedRecords)}</TableCell>
              <TableCell>{formatCount(s.deletedRecords)}</TableCell>
              <TableCell>{formatCount(s.totalRecords)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
