// The cost dashboard's panels: CUR 2.0 through Athena, from the table the analytics stack declares over the export
// (contract: CUR_COLUMNS, COSTS_TABLE). Only what carries the stage's cost allocation tag is the platform's cost;
// the billing-month partitions the time range covers are the only ones read.
import { BILLING_PERIOD, COSTS_TABLE, COST_TAGS, CUR_COLUMNS, curTagKey } from '@datamaster/lake-contract';
import { sql, type SqlPanel } from './sql-panel.js';

/** Dashboard variables: the deployment's stage and its costs database (datamaster_<stage>_costs). */
export const COST_VARIABLES = { stage: 'stage', database: 'costs_database' } as const;

const column = (name: (typeof CUR_COLUMNS)[number]['name']) => name;
const tag = (key: string) => `element_at(resource_tags, '${curTagKey(key)}')`;
const table = `\${${COST_VARIABLES.database}}.${COSTS_TABLE}`;
const usageStart = column('line_item_usage_start_date');
const cost = column('line_item_unblended_cost');
/** The time range, the months it spans (partition pruning) and the stage's tag. */
const inRange = [
  `$__timeFilter(${usageStart})`,
  `${BILLING_PERIOD.column} BETWEEN '\${__from:date:YYYY-MM}' AND '\${__to:date:YYYY-MM}'`,
  `${tag(COST_TAGS.stage)} = '\${${COST_VARIABLES.stage}}'`,
].join(' AND ');

export function costPanels(): SqlPanel[] {
  return [
    {
      key: 'daily-cost-by-service',
      title: 'Daily cost by service',
      description: 'Unblended cost per day and AWS service of the resources tagged with this stage.',
      visual: 'timeseries',
      sql: sql`
        SELECT date_trunc('day', ${usageStart}) AS time, ${column('line_item_product_code')} AS service, sum(${cost}) AS cost
        FROM ${table} WHERE ${inRange}
        GROUP BY 1, 2 ORDER BY 1, 2`,
      columns: ['time', 'service', 'cost'],
      unit: 'currencyUSD',
    },
    {
      key: 'cumulative-cost',
      title: 'Cumulative cost',
      description: 'The running total over the time range, day by day.',
      visual: 'timeseries',
      sql: sql`
        SELECT time, sum(cost) OVER (ORDER BY time ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative_cost
        FROM (SELECT date_trunc('day', ${usageStart}) AS time, sum(${cost}) AS cost FROM ${table} WHERE ${inRange} GROUP BY 1) daily
        ORDER BY time`,
      columns: ['time', 'cumulative_cost'],
      unit: 'currencyUSD',
    },
    {
      key: 'cost-by-service',
      title: 'Cost by service',
      description: 'Total unblended cost per AWS service over the time range.',
      visual: 'barchart',
      sql: sql`
        SELECT ${column('line_item_product_code')} AS service, sum(${cost}) AS cost
        FROM ${table} WHERE ${inRange}
        GROUP BY 1 ORDER BY cost DESC, service`,
      columns: ['service', 'cost'],
      unit: 'currencyUSD',
    },
    {
      key: 'cost-by-component',
      title: 'Cost by platform component',
      description: `Per ${COST_TAGS.component} tag: the stack (ingestion, processing, analytics, …) a resource belongs to.`,
      visual: 'table',
      sql: sql`
        SELECT coalesce(${tag(COST_TAGS.component)}, 'untagged') AS component, sum(${cost}) AS cost
        FROM ${table} WHERE ${inRange}
        GROUP BY 1 ORDER BY cost DESC, component`,
      columns: ['component', 'cost'],
      unit: 'currencyUSD',
    },
    {
      key: 'cost-per-run',
      title: 'Cost per pipeline run',
      description: `EMR Serverless job runs carry their processing execution's name in the ${COST_TAGS.run} tag: the Spark cost of each run.`,
      visual: 'table',
      sql: sql`
        SELECT ${tag(COST_TAGS.run)} AS run, min(${usageStart}) AS started, sum(${cost}) AS cost
        FROM ${table} WHERE ${inRange} AND ${tag(COST_TAGS.run)} IS NOT NULL
        GROUP BY 1 ORDER BY started DESC LIMIT 50`,
      columns: ['run', 'started', 'cost'],
      unit: 'currencyUSD',
    },
  ];
}
