// Grafana's expansion of a panel's SQL before the Athena data source sends it: template variables (`$name`,
// `${name}`, `${name:csv}`), the time range's `${__from:date:…}`/`${__to:date:…}`, and the Athena plugin's
// `$__timeFilter(column)` (column BETWEEN TIMESTAMP '…' AND TIMESTAMP '…'). What the tests run is what Athena would.

export interface PanelContext {
  readonly variables: Readonly<Record<string, string | readonly string[]>>;
  readonly from: Date;
  readonly to: Date;
}

const timestamp = (at: Date) => at.toISOString().slice(0, 19).replace('T', ' ');

/** `${__from:date:YYYY-MM}`: the moment in the (few) moment.js tokens the dashboards use. */
function dateFormat(at: Date, format: string): string {
  const tokens: Record<string, string> = {
    YYYY: String(at.getUTCFullYear()),
    MM: String(at.getUTCMonth() + 1).padStart(2, '0'),
    DD: String(at.getUTCDate()).padStart(2, '0'),
  };
  return format.replace(/YYYY|MM|DD/g, (token) => tokens[token] ?? token);
}

export class UnknownMacroError extends Error {
  override readonly name = 'UnknownMacroError';
}

export function expandGrafanaMacros(sql: string, context: PanelContext): string {
  const value = (name: string): string | readonly string[] => {
    const found = context.variables[name];
    if (found === undefined) throw new UnknownMacroError(`The panel SQL uses the variable $${name}, which the dashboard test gives no value; known: ${Object.keys(context.variables).join(', ')}`);
    return found;
  };
  const expanded = sql
    .replace(/\$__timeFilter\(([^)]+)\)/g, (_, column: string) => `${column.trim()} BETWEEN TIMESTAMP '${timestamp(context.from)}' AND TIMESTAMP '${timestamp(context.to)}'`)
    .replace(/\$\{__(from|to):date:([^}]+)\}/g, (_, which: string, format: string) => dateFormat(which === 'from' ? context.from : context.to, format))
    .replace(/\$\{(\w+):csv\}/g, (_, name: string) => [value(name)].flat().join(','))
    .replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string | undefined, bare: string | undefined) => [value((braced ?? bare) as string)].flat().join(','));
  if (/\$__\w+/.test(expanded)) throw new UnknownMacroError(`The panel SQL uses a macro the test does not expand: ${/\$__\w+/.exec(expanded)?.[0]}`);
  return expanded;
}
