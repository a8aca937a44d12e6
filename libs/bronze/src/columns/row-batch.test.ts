import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { arrowSchema } from './arrow-schema.js';
import { DictionaryBuffer } from './dictionary-buffer.js';
import { RowBatch } from './row-batch.js';

const schema = arrowSchema([
  { name: 'id', fieldId: 1, nullable: false, arrow: { typeId: 'Int64' }, parquet: { physical: 'INT64' } },
  { name: 'note', fieldId: 2, nullable: true, arrow: { typeId: 'Utf8' }, parquet: { physical: 'BYTE_ARRAY', logical: 'STRING' } },
]);

describe('RowBatch', () => {
  it('is full at its row capacity, or earlier once its strings reach the byte limit', () => {
    const batch = new RowBatch(schema, 100, 1000);
    const notes = batch.buffers[1] as DictionaryBuffer;
    const add = (text: string) => {
      notes.set(batch.row, notes.add(text, Buffer.from(text)));
      batch.row++;
    };
    add('x'.repeat(600));
    expect(batch.full).toBe(false);
    add('y'.repeat(600));
    expect(batch.full).toBe(true);
  });

  it('hands over its rows as Arrow IPC with the schema, then starts over', () => {
    const batch = new RowBatch(schema, 10, 1 << 20);
    const notes = batch.buffers[1] as DictionaryBuffer;
    notes.set(0, notes.add('a', Buffer.from('a')));
    batch.buffers[0]?.setNull(0);
    notes.setNull(1);
    batch.row = 2;
    const table = tableFromIPC(batch.takeIpc());
    expect(table.numRows).toBe(2);
    expect(table.schema.fields.map((f) => [f.name, f.metadata.get('PARQUET:field_id')])).toEqual([
      ['id', '1'],
      ['note', '2'],
    ]);
    expect(table.getChild('note')?.toArray()).toEqual(['a', null]);
    expect(batch.row).toBe(0);
    expect(notes.byteLength).toBe(0);
  });
});
