import pg from 'pg';

/**
 * Session settings for reading values as PostgreSQL prints them: every value stays the server's text
 * (no driver parsing that would drop microseconds or round 64-bit integers), in ISO format and UTC.
 * The full load and the replication stream both use them, so one converter turns both into DMS values.
 */
export const TEXT_SESSION: Pick<pg.ClientConfig, 'options' | 'types'> = {
  options: '-c DateStyle=ISO -c TimeZone=UTC',
  types: { getTypeParser: (() => (text: string) => text) as unknown as typeof pg.types.getTypeParser },
};

/** Runs `use` on a fresh connection and always closes it. */
export async function withClient<T>(connectionString: string, use: (client: pg.Client) => Promise<T>, config: pg.ClientConfig = {}): Promise<T> {
  const client = new pg.Client({ ...config, connectionString });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Runs `use` in a transaction: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(client: pg.Client, use: () => Promise<T>, begin = 'BEGIN'): Promise<T> {
  await client.query(begin);
  try {
    const result = await use();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined); // the original error is the one that matters
    throw error;
  }
}
