// The lineage the platform's runs observed, from their OpenLineage run events: locally the lake home's lineage/
// folder (JSON lines, one file a day), configured as lakeCatalog.lineage.directory. Shown beside the manifest's
// declared lineage, so a table read or written other than declared stands out.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { observedLineage, parseJsonLines, type ObservedLineage } from '@datamaster/lake-contract';

const DAY_FILE = /^\d{4}-\d{2}-\d{2}\.ndjson$/;

export interface ObservedLineageReader {
  observed(ref: string): Promise<ObservedLineage>;
}

/** Reads the folder on every request: run events arrive while the portal runs. */
export function lineageFolderReader(directory: string): ObservedLineageReader {
  return {
    async observed(ref) {
      const names = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[];
        throw error;
      });
      const events = [];
      for (const name of names.filter((n) => DAY_FILE.test(n)).sort()) events.push(...parseJsonLines(await readFile(join(directory, name), 'utf8')));
      return observedLineage(events, ref);
    },
  };
}
