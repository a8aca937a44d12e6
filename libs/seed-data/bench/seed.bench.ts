// Full-scale run (1.5 million reviews) into a temporary directory: wall time, peak memory and file
// sizes. Run with `nx run seed-data:bench`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSeedDataset } from '../src/index.js';

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

const outDir = await mkdtemp(join(tmpdir(), 'seed-bench-'));
try {
  const summary = await generateSeedDataset({ outDir, scale: 1 });
  for (const { table, rows, bytes } of summary.tables) {
    console.log(`${table.padEnd(8)} ${String(rows).padStart(9)} rows  ${mib(bytes).padStart(10)} gzip`);
  }
  const totalBytes = summary.tables.reduce((sum, t) => sum + t.bytes, 0);
  console.log(`total    ${mib(totalBytes)} in ${(summary.durationMs / 1000).toFixed(2)} s`);
  // maxRSS is reported in kilobytes.
  console.log(`peak RSS ${mib(process.resourceUsage().maxRSS * 1024)}`);
} finally {
  await rm(outDir, { recursive: true, force: true });
}
