// Literals and identifiers for SQL the engine builds around the transform files.
import { fileURLToPath } from 'node:url';
import { quoteIdentifier } from '@datamaster/lake-manifest';
import { NotLocalLocationError } from '../errors.js';

export const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

export const sqlList = (items: readonly string[]): string => `[${items.map(sqlString).join(', ')}]`;

export { quoteIdentifier };

/** The local path of a file:// location; the embedded engine reads and writes local files only. */
export function localPath(location: string): string {
  if (location.startsWith('file:')) return fileURLToPath(location);
  if (location.startsWith('/')) return location;
  throw new NotLocalLocationError(location);
}
