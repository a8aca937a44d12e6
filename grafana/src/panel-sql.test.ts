// Every analytics and cost panel's SQL, as Grafana would send it to Athena (variables and macros expanded): it
// parses as Athena (Trino) SQL with sqlglot, and sqlglot's DuckDB rendering of it runs on a real local lake — the
// analytics panels through `datamaster query` as the dashboards' principal, the cost panels on a CUR 2.0-shaped
// table — and returns the panel's columns and the right numbers.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { CUR_COLUMNS, BILLING_PERIOD, COSTS_TABLE, costsDatabaseName, curTagKey, COST_TAGS } from '@datamaster/lake-contract';
import { lakeManifest } from '@datamaster/lake-manifest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsPanels } from './panels/analytics-panels.js';
import { COST_VARIABLES, costPanels } from './panels/cost-panels.js';
import { DASHBOARD_PRINCIPAL } from './panels/manifest-tables.js';
import type { SqlPanel } from './panels/sql-panel.js';
import { expandGrafanaMacros, type PanelContext } from './testing/grafana-macros.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(REPO, 'apps', 'cli', 'dist', 'datamaster.js');
const PYTHON = join(REPO, 'spark', '.venv', 'bin', 'python');
const ATHENA_SQL = join(REPO, 'grafana', 'tools', 'athena_sql.py');
const manifest = lakeManifest();
type Row = Record<string, string | number | boolean | null>;

let dir: string;
const datamaster = (...args: string[]) => execFileSync(process.execPath, [CLI, '--home', join(dir, 'home'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 28 });
const query = (sql: string, as: string) => JSON.parse(datamaster('query', sql, '--as', as, '--format', 'json')) as Row[];

/** sqlglot's verdict on each query as Athena SQL, and its DuckDB rendering. */
function asAthena(sqls: readonly string[]): { ok: boolean; error: string | null; duckdb: string | null }[] {
  const run = spawnSync(PYTHON, [ATHENA_SQL], { input: JSON.stringify(sqls.map((sql) => ({ sql }))), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${ATHENA_SQL} failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as ReturnType<typeof asAthena>;
}

/** The panel's SQL expanded, checked as Athena SQL and rendered for DuckDB. */
function localSql(panel: SqlPanel, context: PanelContext): string {
  const [checked] = asAthena([expandGrafanaMacros(panel.sql, context)]);
  expect(checked?.error ?? null, `${panel.key} does not parse as Athena SQL`).toBeNull();
  return checked?.duckdb as string;
}

/** Glue database names back to the layers the local lake's query names them by. */
function onLocalLake(sql: string): string {
  return Object.entries(manifest.databases).reduce((text, [layer, database]) => text.replaceAll(`${database}.`, `${layer}.`), sql);
}

beforeAll(() => {
  const needed: [string, string, string][] = [
    ['the built CLI', CLI, 'npx nx run cli:build'],
    ['the Spark venv (sqlglot)', PYTHON, 'npx nx run spark:setup'],
  ];
  for (const [what, path, fix] of needed) if (!existsSync(path)) throw new Error(`${what} is missing at ${path}: run ${fix} (npm test does)`);
  dir = mkdtempSync(join(tmpdir(), 'grafana-panels-'));
  datamaster('seed', '--out', join(dir, 'seed'), '--scale', '0.01');
  for (const table of ['brewery', 'beer', 'profile', 'review']) datamaster('ingest', join(dir, 'seed', `${table}.csv.gz`), '--table', table);
  datamaster('process', 'all');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the analytics panels on the local lake', () => {
  const years = () => query('SELECT DISTINCT review_year FROM gold.state_by_review_volume ORDER BY 1', 'analyst').map((r) => String(r['review_year']));
  const context = (chosenYears: readonly string[]): PanelContext => ({ variables: { year: chosenYears, month: Array.from({ length: 12 }, (_, i) => String(i + 1)) }, from: new Date(0), to: new Date() });
  const panel = (key: string) => analyticsPanels(manifest).find((p) => p.key === key) as SqlPanel;

  it('run as the dashboards principal and return their columns, for every year and for one', () => {
    const all = years();
    expect(all.length).toBeGreaterThan(1);
    for (const chosen of [all, all.slice(-1)])
      for (const p of analyticsPanels(manifest)) {
        const rows = query(onLocalLake(localSql(p, context(chosen))), DASHBOARD_PRINCIPAL);
        expect(rows.length, `${p.key} for ${chosen.join(',')}`).toBeGreaterThan(0);
        expect(Object.keys(rows[0] as Row), p.key).toEqual(p.columns);
      }
  });

  it('combine months by weight: the average rating is the average over the reviews, not of the monthly averages', () => {
    const chosen = years();
    const inYears = `review_year IN (${chosen.join(',')})`;
    const [stat] = query(onLocalLake(localSql(panel('average-rating'), context(chosen))), DASHBOARD_PRINCIPAL);
    const [reviews] = query(onLocalLake(localSql(panel('reviews'), context(chosen))), DASHBOARD_PRINCIPAL);
    const [truth] = query(`SELECT round(avg(review_overall), 2) AS avg_rating, count(*) AS reviews FROM silver.review_flat WHERE ${inYears}`, 'data-engineer');
    const [naive] = query(`SELECT round(avg(avg_rating), 2) AS avg_rating FROM gold.top_drinkers WHERE ${inYears}`, 'analyst');
    expect(stat?.['avg_rating']).toBe(truth?.['avg_rating']);
    expect(Number(reviews?.['reviews'])).toBe(Number(truth?.['reviews']));
    // The average of averages is another number: the check above can fail.
    expect(naive?.['avg_rating']).not.toBe(truth?.['avg_rating']);
  });

  it("rank beers by their reviews' average over the months each had at least 25", () => {
    const chosen = years();
    const panelRows = query(onLocalLake(localSql(panel('top-beers'), context(chosen))), DASHBOARD_PRINCIPAL);
    const independent = query(
      `WITH months AS (SELECT beer_id, review_year, review_month FROM silver.review_flat GROUP BY ALL HAVING count(*) >= 25)
       SELECT f.beer_name, f.beer_style, round(avg(f.review_overall), 2) AS avg_rating, count(*) AS reviews
       FROM silver.review_flat f JOIN months m USING (beer_id, review_year, review_month)
       WHERE f.review_year IN (${chosen.join(',')})
       GROUP BY f.beer_id, f.beer_name, f.beer_style ORDER BY avg_rating DESC, reviews DESC, f.beer_id LIMIT 20`,
      'data-engineer',
    );
    expect(panelRows.length).toBeGreaterThan(0);
    expect(panelRows.map((r) => ({ ...r, reviews: Number(r['reviews']) }))).toEqual(independent.map((r) => ({ ...r, reviews: Number(r['reviews']) })));
  });
});

describe('the cost panels on a CUR 2.0 table', () => {
  const stage = 'dev';
  const database = costsDatabaseName(stage);
  const DUCKDB_TYPES: Record<string, string> = { timestamp: 'TIMESTAMP', string: 'VARCHAR', double: 'DOUBLE', 'map<string,string>': 'MAP(VARCHAR, VARCHAR)' };
  // Two days of three services for this stage, one line of another stage's, one outside the time range.
  const lines = [
    { day: '2026-11-02', service: 'AmazonS3', cost: 1.5, tags: { [COST_TAGS.stage]: stage, [COST_TAGS.component]: 'storage' } },
    { day: '2026-11-02', service: 'AWSLambda', cost: 0.25, tags: { [COST_TAGS.stage]: stage, [COST_TAGS.component]: 'ingestion' } },
    { day: '2026-11-03', service: 'AmazonS3', cost: 2, tags: { [COST_TAGS.stage]: stage, [COST_TAGS.component]: 'storage' } },
    { day: '2026-11-03', service: 'ElasticMapReduce', cost: 4, tags: { [COST_TAGS.stage]: stage, [COST_TAGS.component]: 'processing', [COST_TAGS.run]: 'run-a' } },
    { day: '2026-11-03', service: 'AmazonS3', cost: 100, tags: { [COST_TAGS.stage]: 'prod' } },
    { day: '2026-09-30', service: 'AmazonS3', cost: 50, tags: { [COST_TAGS.stage]: stage } },
  ];
  const context: PanelContext = { variables: { [COST_VARIABLES.stage]: stage, [COST_VARIABLES.database]: database }, from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-30T23:59:59Z') };

  async function costRows(): Promise<Map<string, Row[]>> {
    const instance = await DuckDBInstance.create(':memory:');
    try {
      const db = await instance.connect();
      const columns = [...CUR_COLUMNS.map((c) => `${c.name} ${DUCKDB_TYPES[c.type]}`), `${BILLING_PERIOD.column} VARCHAR`];
      await db.run(`CREATE SCHEMA ${database}; CREATE TABLE ${database}.${COSTS_TABLE} (${columns.join(', ')})`);
      for (const line of lines) {
        const tags = `MAP {${Object.entries(line.tags).map(([k, v]) => `'${curTagKey(k)}': '${v}'`).join(', ')}}`;
        await db.run(
          `INSERT INTO ${database}.${COSTS_TABLE} (line_item_usage_start_date, line_item_product_code, line_item_unblended_cost, resource_tags, ${BILLING_PERIOD.column})
           VALUES (TIMESTAMP '${line.day} 10:00:00', '${line.service}', ${line.cost}, ${tags}, '${line.day.slice(0, 7)}')`,
        );
      }
      const results = new Map<string, Row[]>();
      const checked = asAthena(costPanels().map((p) => expandGrafanaMacros(p.sql, context)));
      for (const [i, p] of costPanels().entries()) {
        expect(checked[i]?.error ?? null, `${p.key} does not parse as Athena SQL`).toBeNull();
        const reader = await db.runAndReadAll(checked[i]?.duckdb as string);
        results.set(p.key, reader.getRowObjectsJson() as Row[]);
        expect(reader.columnNames(), p.key).toEqual(p.columns);
      }
      return results;
    } finally {
      instance.closeSync();
    }
  }

  it("sum this stage's costs in the time range by service, day, component and run", async () => {
    const rows = await costRows();
    expect(rows.get('cost-by-service')).toEqual([
      { service: 'ElasticMapReduce', cost: 4 },
      { service: 'AmazonS3', cost: 3.5 },
      { service: 'AWSLambda', cost: 0.25 },
    ]);
    expect(rows.get('cumulative-cost')?.map((r) => r['cumulative_cost'])).toEqual([1.75, 7.75]);
    expect(rows.get('daily-cost-by-service')).toHaveLength(4);
    expect(rows.get('cost-by-component')).toEqual([
      { component: 'processing', cost: 4 },
      { component: 'storage', cost: 3.5 },
      { component: 'ingestion', cost: 0.25 },
    ]);
    expect(rows.get('cost-per-run')).toEqual([{ run: 'run-a', started: '2026-11-03 10:00:00', cost: 4 }]);
  });
});
