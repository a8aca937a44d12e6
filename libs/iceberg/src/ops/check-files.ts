// Validation of files about to be added, before anything is written.
import type { IcebergSchema } from '@datamaster/lake-manifest';
import { isValueOfType } from '../avro/single-value.js';
import { InvalidDataFileError } from '../errors.js';
import type { DataFile } from '../manifest/data-file.js';
import { checkPartition } from '../manifest/partition.js';
import type { SnapshotContext } from './snapshot-producer.js';

export function checkNewFiles(ctx: SnapshotContext, files: readonly DataFile[]): void {
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw new InvalidDataFileError(file.path, 'it is listed twice in the same commit');
    seen.add(file.path);
    if (!Number.isSafeInteger(file.recordCount) || file.recordCount < 0) throw new InvalidDataFileError(file.path, `record count ${file.recordCount} is not a non-negative integer`);
    if (!Number.isSafeInteger(file.fileSizeInBytes) || file.fileSizeInBytes < 0) throw new InvalidDataFileError(file.path, `file size ${file.fileSizeInBytes} is not a non-negative integer`);
    checkPartition(file.path, ctx.schema, ctx.spec, file.partition);
    checkBounds(file, ctx.schema);
  }
}

function checkBounds(file: DataFile, schema: IcebergSchema): void {
  for (const [kind, bounds] of [['lower', file.metrics?.lowerBounds], ['upper', file.metrics?.upperBounds]] as const) {
    for (const [id, value] of Object.entries(bounds ?? {})) {
      const field = schema.fields.find((f) => f.id === Number(id));
      if (field === undefined) throw new InvalidDataFileError(file.path, `${kind} bound given for field id ${id}, which the schema does not have`);
      if (!isValueOfType(field.type, value)) throw new InvalidDataFileError(file.path, `${kind} bound ${JSON.stringify(value)} of "${field.name}" is not a ${field.type}`);
    }
  }
}
