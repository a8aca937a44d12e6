import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidLsnError, InvalidPositionFileError } from './errors.js';
import { filePositionStore } from './position-store.js';

describe('filePositionStore', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cdc-position-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has no position before the first save, then keeps the latest one in a JSON file, creating its folder', async () => {
    const path = join(dir, 'cdc', 'postgres.json');
    const store = filePositionStore(path);
    expect(await store.load()).toBeUndefined();
    await store.save('0/16B3748');
    await store.save('1/A0');
    expect(await filePositionStore(path).load()).toBe('1/A0');
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ lsn: '1/A0' });
    expect(await readdir(join(dir, 'cdc'))).toEqual(['postgres.json']);
  });

  it('names the file and the way out when it is not a saved position', async () => {
    const garbled = join(dir, 'garbled.json');
    await writeFile(garbled, '{"lsn": ');
    await expect(filePositionStore(garbled).load()).rejects.toThrow(InvalidPositionFileError);
    await expect(filePositionStore(garbled).load()).rejects.toThrow(`${garbled} is invalid: it is not JSON`);
    const wrong = join(dir, 'wrong.json');
    await writeFile(wrong, '{"lsn": 5}');
    await expect(filePositionStore(wrong).load()).rejects.toThrow(/"lsn" is 5, not an LSN.*delete it to start over with a full load/);
  });

  it('refuses to save what is not an LSN', async () => {
    const path = join(dir, 'refused.json');
    await expect(filePositionStore(path).save('latest')).rejects.toThrow(InvalidLsnError);
    expect(await filePositionStore(path).load()).toBeUndefined();
  });
});
