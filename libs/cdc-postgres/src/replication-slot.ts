import { DatabaseError, type Client } from 'pg';
import { PublicationMissingError, ReplicationSlotError } from './errors.js';

export interface SlotState {
  /** True when this call created the slot. */
  readonly created: boolean;
  /** Where the slot's stream starts: transactions committed before it are never sent. */
  readonly confirmedFlushLsn: string;
}

/** The logical slot, created with pgoutput if missing; an existing slot must be a pgoutput slot of this database. */
export async function ensureSlot(client: Client, slot: string): Promise<SlotState> {
  const existing = await client.query<{ plugin: string | null; database: string | null; current: string; lsn: string | null }>(
    `SELECT plugin, database, current_database() AS current, confirmed_flush_lsn::text AS lsn
       FROM pg_replication_slots WHERE slot_name = $1`,
    [slot],
  );
  const [row] = existing.rows;
  if (row) {
    if (row.plugin !== 'pgoutput') throw new ReplicationSlotError(slot, `it uses the output plugin ${row.plugin ?? '(none: a physical slot)'}, not pgoutput. Drop it (SELECT pg_drop_replication_slot('${slot}')) or choose another slotName.`);
    if (row.database !== row.current) throw new ReplicationSlotError(slot, `it belongs to database ${row.database}, not ${row.current}. Choose another slotName.`);
    if (row.lsn === null) throw new ReplicationSlotError(slot, 'it has no confirmed position yet (it is still being created by another client). Try again.');
    return { created: false, confirmedFlushLsn: row.lsn };
  }
  try {
    const created = await client.query<{ lsn: string }>("SELECT lsn::text AS lsn FROM pg_create_logical_replication_slot($1, 'pgoutput')", [slot]);
    return { created: true, confirmedFlushLsn: String(created.rows[0]?.lsn) };
  } catch (error) {
    // Another source created it between the look-up and the create: use theirs.
    if (error instanceof DatabaseError && error.code === '42710') return ensureSlot(client, slot);
    throw error;
  }
}

export async function assertPublication(client: Client, publication: string): Promise<void> {
  const found = await client.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [publication]);
  if (found.rowCount === 0) throw new PublicationMissingError(publication);
}
