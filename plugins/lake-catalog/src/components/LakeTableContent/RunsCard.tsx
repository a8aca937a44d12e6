import { InfoCard } from '@backstage/core-components';
import type { LakeTableLiveStatus, LedgerStatus } from '@datamaster/plugin-lake-catalog-common';
import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@material-ui/core';
import { formatCount, formatDuration, formatTime } from '../format';
import { RunStatusLabel } from '../StatusLabels';

/** The ledger's counts by state, and its most recent runs with the Step Functions execution of each. */
export function RunsCard({ status }: { status: LakeTableLiveStatus }) {
  const counts = (Object.entries(status.ledger) as [LedgerStatus, number][]).filter(([, n]) => n > 0);
  return (
    <InfoCard title="Runs" subheader={counts.length === 0 ? 'no ledger records yet' : counts.map(([state, n]) => `${n} ${state}`).join(' · ')}>
      {status.runs.length === 0 ? (
        <Typography variant="body2">Nothing has run for this table yet.</Typography>
      ) : (
        <Table size="small" aria-label="runs">
          <TableHead>
            <TableRow>
              <TableCell>status</TableCell>
              <TableCell>input</TableCell>
              <TableCell>compute</TableCell>
              <TableCell>finished</TableCell>
              <TableCell>duration</TableCell>
              <TableCell>rows in / out / quarantined</TableCell>
              <TableCell>execution</TableCell>
              <TableCell>error</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {status.runs.map((run) => (
              <TableRow key={run.recordId} data-record={run.recordId}>
                <TableCell>
                  <RunStatusLabel status={run.status} />
                </TableCell>
                <TableCell>
                  <code>{run.objectKey}</code>
                </TableCell>
                <TableCell>{run.computeTarget ?? '—'}</TableCell>
                <TableCell>{formatTime(run.finishedAt ?? run.startedAt)}</TableCell>
                <TableCell>{formatDuration(run.durationMs)}</TableCell>
                <TableCell>
                  {formatCount(run.rowsIn)} / {formatCount(run.rowsOut)} / {formatCount(run.rowsQuarantined)}
                </TableCell>
                <TableCell title={run.executionArn}>
                  {run.execution ? (
                    <>
                      <RunStatusLabel status={run.execution.status} /> {run.execution.name}
                    </>
                  ) : (
                    (run.executionArn?.split(':').pop() ?? '—')
                  )}
                </TableCell>
                <TableCell>{run.error ?? run.execution?.error ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
