import { InfoCard } from '@backstage/core-components';
import type { LakeTableDetails } from '@datamaster/plugin-lake-catalog-common';
import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@material-ui/core';

/** Principal × column: who may read what, from the manifest's grants (and, on AWS, drift from Lake Formation's). */
export function GrantsCard({ table }: { table: LakeTableDetails }) {
  const { grants } = table;
  const pii = new Set(table.columns.filter((c) => c.classification === 'pii').map((c) => c.name));
  return (
    <InfoCard title="Grants" subheader="Lake Formation grants the manifest derives: ✓ may read, ✗ may not">
      <div style={{ overflowX: 'auto' }}>
        <Table size="small" aria-label="grants matrix">
          <TableHead>
            <TableRow>
              <TableCell>principal</TableCell>
              <TableCell>permissions</TableCell>
              {grants.columns.map((column) => (
                <TableCell key={column} title={pii.has(column) ? 'PII column' : undefined}>
                  <code>{column}</code>
                  {pii.has(column) ? ' (PII)' : ''}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {grants.rows.map((row) => (
              <TableRow key={row.principal} data-principal={row.principal}>
                <TableCell title={row.description}>{row.principal}</TableCell>
                <TableCell>{row.permissions.join(', ') || 'none'}</TableCell>
                {grants.columns.map((column) => {
                  const readable = row.columns.includes(column);
                  return (
                    <TableCell key={column} data-column={column} aria-label={`${row.principal} ${readable ? 'may read' : 'may not read'} ${column}`}>
                      {readable ? '✓' : '✗'}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {grants.drift === undefined ? (
        <Typography variant="caption">The manifest is the only authority here (no Lake Formation to compare with).</Typography>
      ) : grants.drift.error !== undefined ? (
        <Typography variant="body2" color="error">
          Lake Formation could not be asked ({grants.drift.error}); the matrix shows the manifest's grants.
        </Typography>
      ) : grants.drift.differences.length === 0 ? (
        <Typography variant="body2">Lake Formation matches the manifest (checked {grants.drift.checkedAt}).</Typography>
      ) : (
        <div aria-label="grant drift">
          <Typography variant="subtitle2" color="error">
            Lake Formation differs from the manifest (checked {grants.drift.checkedAt}):
          </Typography>
          <ul>
            {grants.drift.differences.map((d) => (
              <li key={`${d.principal}-${d.kind}`}>
                {d.principal}: {d.kind}
                {d.expected ? `, manifest ${d.expected}` : ''}
                {d.actual ? `, Lake Formation ${d.actual}` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
    </InfoCard>
  );
}
