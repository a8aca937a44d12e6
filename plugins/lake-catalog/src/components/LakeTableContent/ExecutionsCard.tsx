import { InfoCard } from '@backstage/core-components';
import type { LakeStateMachine } from '@datamaster/plugin-lake-catalog-common';
import { Table, TableBody, TableCell, TableHead, TableRow } from '@material-ui/core';
import { formatDuration, formatTime } from '../format';
import { RunStatusLabel } from '../StatusLabels';

const durationOf = (start?: string, stop?: string) => (start === undefined || stop === undefined ? undefined : Date.parse(stop) - Date.parse(start));

/** The latest executions of the state machine that writes the table, as Step Functions lists them. */
export function ExecutionsCard({ stateMachine }: { stateMachine: LakeStateMachine }) {
  return (
    <InfoCard title="State machine executions" subheader={stateMachine.stateMachineArn}>
      <Table size="small" aria-label="executions">
        <TableHead>
          <TableRow>
            <TableCell>execution</TableCell>
            <TableCell>status</TableCell>
            <TableCell>started</TableCell>
            <TableCell>duration</TableCell>
            <TableCell>error</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {stateMachine.executions.map((e) => (
            <TableRow key={e.executionArn} data-execution={e.name}>
              <TableCell>
                <code>{e.name}</code>
              </TableCell>
              <TableCell>
                <RunStatusLabel status={e.status} />
              </TableCell>
              <TableCell>{formatTime(e.startDate)}</TableCell>
              <TableCell>{formatDuration(durationOf(e.startDate, e.stopDate))}</TableCell>
              <TableCell>{e.error ? `${e.error}: ${e.cause ?? ''}` : ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
