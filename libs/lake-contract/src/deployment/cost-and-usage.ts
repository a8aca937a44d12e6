// The CUR 2.0 data the cost dashboards read: one list of columns that the export's query selects, the Glue table
// declares and the dashboards' SQL queries, and where Data Exports writes
// (<prefix>/<export name>/data/BILLING_PERIOD=YYYY-MM/*.parquet).
import { platformResourceName } from './platform-stacks.js';

/** Data Exports' name for the CUR 2.0 table. */
export const CUR_TABLE = 'COST_AND_USAGE_REPORT';

/**
 * The columns, with their types in CUR 2.0's Parquet output (and so in Glue): what is billed, to whom, for which
 * service, usage type, operation and resource, over which interval, at which cost, and the resource tags.
 */
export const CUR_COLUMNS = [
  { name: 'bill_billing_period_start_date', type: 'timestamp' },
  { name: 'bill_payer_account_id', type: 'string' },
  { name: 'identity_line_item_id', type: 'string' },
  { name: 'identity_time_interval', type: 'string' },
  { name: 'line_item_usage_account_id', type: 'string' },
  { name: 'line_item_line_item_type', type: 'string' },
  { name: 'line_item_product_code', type: 'string' },
  { name: 'line_item_usage_type', type: 'string' },
  { name: 'line_item_operation', type: 'string' },
  { name: 'line_item_resource_id', type: 'string' },
  { name: 'line_item_line_item_description', type: 'string' },
  { name: 'line_item_usage_start_date', type: 'timestamp' },
  { name: 'line_item_usage_end_date', type: 'timestamp' },
  { name: 'line_item_usage_amount', type: 'double' },
  { name: 'line_item_unblended_cost', type: 'double' },
  { name: 'line_item_net_unblended_cost', type: 'double' },
  { name: 'line_item_currency_code', type: 'string' },
  { name: 'product_region_code', type: 'string' },
  { name: 'pricing_unit', type: 'string' },
  { name: 'resource_tags', type: 'map<string,string>' },
] as const;

/** The month partition Data Exports writes the data under (its folder is BILLING_PERIOD=YYYY-MM). */
export const BILLING_PERIOD = { column: 'billing_period', folder: 'BILLING_PERIOD', format: 'yyyy-MM' } as const;

/** Data Exports writes under <bucket>/<CUR_PREFIX>/<export name>/. */
export const CUR_PREFIX = 'cur';

/** The SQL statement of the export: Data Exports' query language over CUR_TABLE. */
export function curQueryStatement(): string {
  return `SELECT ${CUR_COLUMNS.map((c) => c.name).join(', ')} FROM ${CUR_TABLE}`;
}

/** The Glue database of a deployment's cost and usage table (Glue names take no hyphens). */
export function costsDatabaseName(stage: string): string {
  return platformResourceName(stage, 'costs').replaceAll('-', '_');
}

/** The Glue table over the CUR 2.0 export, in costsDatabaseName(stage). */
export const COSTS_TABLE = 'cost_and_usage';

/**
 * The cost allocation tags every platform resource carries (activate them in Billing to see them in CUR 2.0, where
 * resource_tags holds them as user_<key>), and the tag an EMR Serverless job run carries with its execution's name.
 */
export const COST_TAGS = { stage: 'datamaster-stage', component: 'datamaster-component', run: 'datamaster-run' } as const;

/** CUR 2.0's key in resource_tags for a user-defined cost allocation tag. */
export function curTagKey(tag: string): string {
  return `user_${tag.replaceAll(/[^A-Za-z0-9]/g, '_')}`;
}
