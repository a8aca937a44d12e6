// Writes grafana/dashboards/*.json from the lake manifest (`npx nx run grafana:generate`). The files are committed;
// a test fails while they differ from what this would write.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lakeManifest } from '@datamaster/lake-manifest';
import { dashboardFileText, dashboards } from './dashboards.js';

const out = join(process.cwd(), 'grafana', 'dashboards');
mkdirSync(out, { recursive: true });
for (const [file, dashboard] of Object.entries(dashboards(lakeManifest()))) {
  writeFileSync(join(out, file), dashboardFileText(dashboard));
  process.stdout.write(`wrote grafana/dashboards/${file} (${dashboard.panels?.length ?? 0} panels)\n`);
}
