import { describe, expect, it } from 'vitest';
import { handler } from './handler.js';

describe('the raw-object registrar Lambda', () => {
  it('refuses to start without its configuration, naming what is missing', async () => {
    await expect(handler({ Records: [] })).rejects.toThrow(/LAKE_URI: .*LEDGER_TABLE: .*INGESTION_STATE_MACHINE_ARN: /);
  });
});
