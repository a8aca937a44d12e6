// A panel that shows the result of one Athena SQL query: what it is called, how it is drawn, its SQL (with Grafana's
// variables and macros in it) and the columns it returns, which the tests check on the local lake.

export type SqlVisual = 'table' | 'barchart' | 'geomap' | 'stat' | 'timeseries';

export interface SqlPanel {
  /** Stable key: the panel's id in its dashboard derives from its position in the list, its key names it in tests. */
  readonly key: string;
  readonly title: string;
  readonly description: string;
  readonly visual: SqlVisual;
  readonly sql: string;
  /** The columns the query returns, in order. */
  readonly columns: readonly string[];
  /** Grafana's unit for the values (e.g. "currencyUSD", "short"). */
  readonly unit?: string;
}

/** A query's text, its lines trimmed of the indentation the template literal carries. */
export function sql(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  const text = strings.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ''), '');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}
