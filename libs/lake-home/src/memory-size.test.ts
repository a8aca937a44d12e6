import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initLakeHome, openLakeHome, withMemoryLimit } from './home.js';
import { parseMemorySize } from './memory-size.js';

describe('memory sizes', () => {
  it('reads decimal and binary units, in any case', () => {
    expect(parseMemorySize('2GB', 'x')).toBe(2e9);
    expect(parseMemorySize('512mb', 'x')).toBe(512e6);
    expect(parseMemorySize('1.5GiB', 'x')).toBe(1.5 * 2 ** 30);
    expect(parseMemorySize(' 300 MiB ', 'x')).toBe(300 * 2 ** 20);
  });

  it('refuses what is not a size, or too small to process anything, naming where it came from', () => {
    for (const bad of ['2', 'lots', '2 gigs', '-1GB', '100MB'])
      expect(() => parseMemorySize(bad, '--memory-limit')).toThrow(`--memory-limit: "${bad}" is not a memory size; write a number and a unit, e.g. 2GB, 512MB or 1.5GiB (at least 256MB)`);
  });
});

describe("a lake home's processing budget", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is 2GB, spilling into the home, unless config.json or --memory-limit say otherwise', () => {
    dir = mkdtempSync(join(tmpdir(), 'lake-home-memory-'));
    const { home } = initLakeHome(dir);
    expect(home).toMatchObject({ memoryLimitBytes: 2e9, spillDir: join(dir, 'spill') });
    expect(withMemoryLimit(home, '4GB', '--memory-limit').memoryLimitBytes).toBe(4e9);

    const configPath = join(dir, 'config.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(configPath, JSON.stringify({ ...config, processing: { memoryLimit: '1GiB', spillDir: '/var/tmp/lake-spill' } }));
    expect(openLakeHome(dir)).toMatchObject({ memoryLimitBytes: 2 ** 30, spillDir: '/var/tmp/lake-spill' });

    writeFileSync(configPath, JSON.stringify({ ...config, processing: { memoryLimit: 'plenty' } }));
    expect(() => openLakeHome(dir)).toThrow(`${configPath} processing.memoryLimit: "plenty" is not a memory size`);
  });
});
