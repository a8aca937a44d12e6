import { PgoutputPlugin, type Pgoutput } from 'pg-logical-replication';

const asText = (text: string): string => text;

/**
 * pgoutput as pg-logical-replication decodes it, except that column values stay PostgreSQL's text. The
 * library would parse them with pg's global type parsers: bigint and numeric as strings, timestamptz as a
 * millisecond Date (dropping microseconds). Text lets the DMS value converter type them from the
 * manifest, exactly as it types the full load. The parser caches the relation it returns and reads every
 * later tuple of that relation with its columns' parsers, so replacing them here, as the relation is
 * parsed and before any of its rows are, covers every row.
 */
export class RawTextPgoutputPlugin extends PgoutputPlugin {
  /** Messages parsed so far: the library parses each as it arrives, before any handler has seen it. */
  parsed = 0;

  override parse(buffer: Buffer): Pgoutput.Message {
    const message = super.parse(buffer);
    this.parsed++;
    if (message.tag === 'relation') for (const column of message.columns) column.parser = asText;
    return message;
  }
}
