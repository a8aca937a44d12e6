// The local lake home's config file: where each embedded service keeps its state. Paths are
// stored relative to the home so a home folder can be moved or copied whole.
import { z } from 'zod';

export const LAKE_CONFIG_VERSION = 1;

export const lakeConfigSchema = z.strictObject({
  version: z.literal(LAKE_CONFIG_VERSION),
  /** Object store root for raw/, bronze/, silver/, gold/ (a folder, or an s3:// URI). */
  storage: z.strictObject({ uri: z.string().min(1) }),
  /** Where the embedded DynamoDB-API server keeps the control ledger. */
  ledger: z.strictObject({ dataDir: z.string().min(1), tableName: z.string().min(1) }),
  /** The Iceberg catalog (SQLite, in the JDBC/PyIceberg SqlCatalog layout). */
  catalog: z.strictObject({ sqlitePath: z.string().min(1), warehouse: z.string().min(1) }),
  /** Secret key for the HMAC-SHA-256 PII tokens. Losing it makes new tokens unjoinable with old ones. */
  masking: z.strictObject({ keyFile: z.string().min(1) }),
  /** The lake manifest folder (tables/ and transforms/) this home runs, instead of the one built into the CLI. */
  manifest: z.string().min(1).optional(),
  /**
   * The embedded engine's budget: `memoryLimit` ("2GB" by default) bounds a processing run's memory, and what
   * does not fit is spilled to `spillDir` (default "spill", in the home).
   */
  processing: z.strictObject({ memoryLimit: z.string().min(1).optional(), spillDir: z.string().min(1).optional() }).optional(),
});
export type LakeConfig = z.infer<typeof lakeConfigSchema>;

export function defaultLakeConfig(): LakeConfig {
  return {
    version: LAKE_CONFIG_VERSION,
    storage: { uri: 'lake' },
    ledger: { dataDir: 'ledger', tableName: 'dm-control-ledger' },
    catalog: { sqlitePath: 'catalog/iceberg_catalog.db', warehouse: 'lake' },
    masking: { keyFile: 'keys/masking.key' },
  };
}
