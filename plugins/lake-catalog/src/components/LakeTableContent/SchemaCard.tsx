import { InfoCard } from '@backstage/core-components';
import type { LakeTableDetails } from '@datamaster/plugin-lake-catalog-common';
import { Chip, Table, TableBody, TableCell, TableHead, TableRow } from '@material-ui/core';

/** Columns with their Iceberg field ids, types and PII classes, as the manifest declares them. */
export function SchemaCard({ table }: { table: LakeTableDetails }) {
  return (
    <InfoCard title="Schema" subheader={`${table.columns.length} columns · primary key ${table.primaryKey.join(', ') || '—'} · partitioned by ${table.partitionBy.join(', ') || 'nothing'}`}>
      <Table size="small" aria-label="schema">
        <TableHead>
          <TableRow>
            <TableCell>field id</TableCell>
            <TableCell>column</TableCell>
            <TableCell>type</TableCell>
            <TableCell>nullable</TableCell>
            <TableCell>class</TableCell>
            <TableCell>description</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {table.columns.map((column) => (
            <TableRow key={column.id}>
              <TableCell>{column.id}</TableCell>
              <TableCell>
                <code>{column.name}</code>
              </TableCell>
              <TableCell>{column.type}</TableCell>
              <TableCell>{column.nullable ? 'yes' : 'no'}</TableCell>
              <TableCell>
                {column.classification === 'pii' ? <Chip size="small" color="secondary" label={`PII${column.masking ? ` · ${column.masking}` : ''}`} /> : 'public'}
              </TableCell>
              <TableCell>{column.description}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
