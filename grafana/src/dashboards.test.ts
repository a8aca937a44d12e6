// The committed dashboards are what the manifest generates now, their ids are stable and unique, every query goes
// to a provisioned data source, and every platform metric a panel charts is one the code emits.
import { readFileSync } from 'node:fs';
import { JOB_METRICS, METRICS_NAMESPACE } from '@datamaster/lake-contract';
import { lakeManifest, type LakeManifest } from '@datamaster/lake-manifest';
import { describe, expect, it } from 'vitest';
import { dashboardFileText, dashboards } from './dashboards.js';
import { ANALYTICS_UID } from './dashboards/analytics.js';
import { COST_UID } from './dashboards/cost.js';
import { OPERATIONS_UID } from './dashboards/operations.js';
import { analyticsPanels } from './panels/analytics-panels.js';
import { DashboardTableError } from './panels/manifest-tables.js';
import { DATA_SOURCES } from './provisioning/data-sources.js';

interface PanelJson {
  id: number;
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { datasource?: { uid: string }; rawSQL?: string; sqlExpression?: string; namespace?: string }[];
  fieldConfig?: { defaults?: { thresholds?: { steps: { value: number | null; color: string }[] } } };
}
const committed = (file: string) => readFileSync(new URL(`../dashboards/${file}`, import.meta.url), 'utf8');
const panelsOf = (file: string) => (JSON.parse(committed(file)) as { panels: PanelJson[] }).panels;

describe('the generated dashboards', () => {
  const generated = dashboards(lakeManifest());

  it('are committed as generated: run `npx nx run grafana:generate` after changing a panel or the manifest', () => {
    for (const [file, dashboard] of Object.entries(generated)) expect(committed(file), `grafana/dashboards/${file} is stale`).toBe(dashboardFileText(dashboard));
  });

  it('keep their uids, and give every panel its own id', () => {
    expect(Object.fromEntries(Object.entries(generated).map(([file, d]) => [file, d.uid]))).toEqual({ 'analytics.json': ANALYTICS_UID, 'operations.json': OPERATIONS_UID, 'cost.json': COST_UID });
    for (const file of Object.keys(generated)) {
      const ids = panelsOf(file).map((p) => p.id);
      expect(new Set(ids).size, file).toBe(ids.length);
      expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
    }
  });

  it('send every query to a data source provisioning creates', () => {
    const known = new Set<string>(Object.values(DATA_SOURCES).map((d) => d.uid));
    for (const file of Object.keys(generated))
      for (const panel of panelsOf(file).filter((p) => p.type !== 'row')) {
        expect(known.has(panel.datasource?.uid ?? ''), `${file}: ${panel.title}`).toBe(true);
        for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe(panel.datasource?.uid);
      }
  });

  it('chart only platform metrics the workers and jobs emit, in their namespace', () => {
    const emitted = new Set<string>(Object.values(JOB_METRICS).map((m) => m.name));
    const platformQueries = panelsOf('operations.json').flatMap((p) => p.targets ?? []).filter((t) => t.namespace === METRICS_NAMESPACE);
    expect(platformQueries.length).toBeGreaterThan(10);
    for (const target of platformQueries) {
      const [, metric] = /^SELECT \w+\("([^"]+)"\) FROM SCHEMA\("Datamaster", "Table", "Layer", "Engine"\)/.exec(target.sqlExpression ?? '') ?? [];
      expect(emitted.has(metric ?? ''), target.sqlExpression).toBe(true);
    }
  });

  it('show one freshness stat per silver and gold table, red at its objective', () => {
    const manifest = lakeManifest();
    const withObjective = manifest.tables.filter((t) => t.freshness !== undefined && (t.layer === 'silver' || t.layer === 'gold'));
    const stats = panelsOf('operations.json').filter((p) => p.type === 'stat');
    expect(stats.map((p) => p.title).sort()).toEqual(withObjective.map((t) => t.ref).sort());
    const review = stats.find((p) => p.title === 'silver.review');
    expect(review?.targets?.[0]?.sqlExpression).toBe(`SELECT MAX("FreshnessLag") FROM SCHEMA("Datamaster", "Table", "Layer", "Engine") WHERE "Table" = 'silver.review'`);
    expect(review?.fieldConfig?.defaults?.thresholds?.steps.at(-1)?.color).toBe('red');
  });
});

describe('the analytics panels against the manifest', () => {
  const withGold = (change: (manifest: LakeManifest) => LakeManifest) => () => analyticsPanels(change(lakeManifest()));

  it('refuse a gold table the manifest no longer declares, naming the ones it does', () => {
    const dropped = withGold((m) => ({ ...m, tables: m.tables.filter((t) => t.ref !== 'gold.top_drinkers') }));
    expect(dropped).toThrow(DashboardTableError);
    expect(dropped).toThrow(/gold\.top_drinkers, which the lake manifest does not declare; gold tables: .*top_beers_by_rating/);
  });

  it('refuse a column the dashboards principal may not read', () => {
    const piiState = withGold((m) => ({
      ...m,
      tables: m.tables.map((t) => (t.ref === 'gold.top_drinkers' ? { ...t, columns: t.columns.map((c) => (c.name === 'state' ? { ...c, classification: 'pii' as const } : c)) } : t)),
    }));
    expect(piiState).toThrow('gold.top_drinkers.state is PII, which the dashboards\' principal "demo" may not read; leave it out of the panel.');
  });
});
