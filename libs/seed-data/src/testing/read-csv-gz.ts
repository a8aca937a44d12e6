// Test support: reads the generated files back the way a downstream loader would.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** A parsed field: the text, or null for an empty unquoted field. */
export type CsvCell = string | null;

/** Parses RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): CsvCell[][] {
  const rows: CsvCell[][] = [];
  let row: CsvCell[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    row.push(quoted || field !== '' ? field : null);
    field = '';
    quoted = false;
  };
  while (i < text.length) {
    const char = text[i] as string;
    if (quoted && char === '"') {
      if (text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      // The closing quote: only a separator or line end may follow.
      const next = text[i + 1];
      if (next !== undefined && next !== ',' && next !== '\n') throw new Error(`Unexpected ${JSON.stringify(next)} after a closing quote at offset ${i + 1}`);
      i++;
      endField();
      if (next === ',') i++;
      else {
        rows.push(row);
        row = [];
        i++;
      }
      continue;
    }
    if (quoted) field += char;
    else if (char === '"' && field === '') quoted = true;
    else if (char === ',') endField();
    else if (char === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else field += char;
    i++;
  }
  if (field !== '' || quoted || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

export interface CsvFile {
  readonly header: readonly string[];
  /** Each row as a map from column name to cell. */
  readonly rows: readonly Readonly<Record<string, CsvCell>>[];
}

export function readCsvGz(path: string): CsvFile {
  const [header = [], ...rows] = parseCsv(gunzipSync(readFileSync(path)).toString('utf8'));
  const names = header.map((name) => name ?? '');
  for (const [index, row] of rows.entries()) {
    if (row.length !== names.length) throw new Error(`${path}: row ${index + 1} has ${row.length} fields, the header ${names.length}`);
  }
  return { header: names, rows: rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i] ?? null]))) };
}
