// The lake the query bench reads: a lake home given with --home, or one the CLI's demo builds at the scale
// asked for (the local file store: data files are file:// URLs); and silver.review's SELECT as the governed view of data-engineer runs it (every column, the
// current snapshot's live files), for DuckDB's own COPY of the same data.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { currentSchema } from '@datamaster/iceberg';
import { parquetSelect, liveFiles, openEngineSession } from '@datamaster/lakehouse';
import { openLakeHome } from '@datamaster/lake-home';
import { openLocalPlatform } from '@datamaster/local-platform';
import { openLocalLakehouse } from '@datamaster/local-platform/lakehouse';

export const REVIEW = 'silver.review';

/** Runs `datamaster --home <home> demo --scale <scale>`; its output goes to this process's stderr. */
export async function buildDemoLake(cli: string, home: string, scale: number): Promise<void> {
  const child = spawn(process.execPath, [cli, '--home', home, 'demo', '--scale', String(scale)], { stdio: ['ignore', process.stderr, process.stderr] });
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`the demo that builds the bench's lake exited with code ${code}`);
}

export interface ReviewData {
  readonly select: string;
  readonly rows: number;
  readonly files: number;
}

export async function reviewData(home: string): Promise<ReviewData> {
  const platform = await openLocalPlatform(openLakeHome(home));
  try {
    const lakehouse = await openLocalLakehouse(platform);
    try {
      const table = lakehouse.lake.table(REVIEW);
      const loaded = await lakehouse.lake.load(table);
      const files = await liveFiles(loaded, table);
      const select = parquetSelect(table, currentSchema(loaded.metadata), files.map((f) => fileURLToPath(f.path)));
      const session = await openEngineSession();
      try {
        const counted = await (await session.connect()).runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM (${select})`);
        return { select, rows: Number(counted.getRowObjectsJS()[0]?.['n'] ?? 0), files: files.length };
      } finally {
        session.close();
      }
    } finally {
      lakehouse.close();
    }
  } finally {
    await platform.close();
  }
}
