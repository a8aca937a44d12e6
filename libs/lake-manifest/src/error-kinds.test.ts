import { describe, expect, it } from 'vitest';
import { ConflictError, DatamasterError, InvalidInputError, NotFoundError } from './error-kinds.js';
import { ManifestError, UnknownTableError } from './errors.js';
import { getTable } from './lookup.js';
import { lakeManifest } from './active-manifest.js';

describe('error kinds', () => {
  it('lets a caller answer by kind without knowing the class', () => {
    const missing = (() => {
      try {
        getTable(lakeManifest(), 'gold.no_such_table');
      } catch (error) {
        return error;
      }
    })();
    expect(missing).toBeInstanceOf(UnknownTableError);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toBeInstanceOf(DatamasterError);
    expect((missing as DatamasterError).kind).toBe('not-found');
    const invalid = new ManifestError([{ file: 'tables/x.json', path: 'name', message: 'required' }]);
    expect([invalid instanceof InvalidInputError, invalid instanceof ConflictError, invalid.kind]).toEqual([true, false, 'invalid-input']);
  });
});
