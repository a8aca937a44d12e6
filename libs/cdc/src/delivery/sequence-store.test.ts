import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidSequenceFileError, jsonFileSequenceStore, memorySequenceStore } from './sequence-store.js';

describe('sequence stores', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cdc-sequence-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('start at 0, or where the memory store was told to', async () => {
    expect(await jsonFileSequenceStore(join(dir, 'missing.json')).load()).toBe(0);
    expect(await memorySequenceStore().load()).toBe(0);
    expect(await memorySequenceStore(41).load()).toBe(41);
  });

  it('keep the saved number in a JSON file, creating its folder, without leaving temp files', async () => {
    const path = join(dir, 'cdc', 'delivery.json');
    await jsonFileSequenceStore(path).save(1234);
    expect(await jsonFileSequenceStore(path).load()).toBe(1234);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ next: 1234 });
    expect(await readdir(join(dir, 'cdc'))).toEqual(['delivery.json']);
  });

  it('refuse a file that does not hold a non-negative integer, naming the file and the fix', async () => {
    const path = join(dir, 'delivery.json');
    for (const [content, problem] of [
      ['{', 'it is not JSON'],
      ['{"next": -1}', '"next" is -1'],
      ['{"next": "7"}', '"next" is "7"'],
      ['null', '"next" is undefined'],
    ] as const) {
      await writeFile(path, content);
      const load = jsonFileSequenceStore(path).load();
      await expect(load).rejects.toThrow(InvalidSequenceFileError);
      await expect(load).rejects.toThrow(`The delivery sequence file ${path} is invalid: ${problem}`);
    }
  });
});
