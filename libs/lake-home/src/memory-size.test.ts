import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initLakeHome, openLakeHome, withMemoryLimit } from './home.js';
import { MemoryLimitTooSmallError, parseMemorySize } from './memory-size.js';

describe('memory sizes', () => {
  it('reads decimal and binary units, in any case', () => {
    expect(parseMemorySize('2GB', 'x')).toBe(2e9);
    expect(parseMemorySize('512mb', 'x')).toBe(512e6);
    expect(parseMemorySize('1.5GiB', 'x')).toBe(1.5 * 2 ** 30);
    expect(parseMemorySize(' 600 MiB ', 'x')).toBe(600 * 2 ** 20);
  });

  it('refuses what is not a size, naming where it came from', () => {
    for (const bad of ['2', 'lots', '2 gigs', '-1GB'])
      expect(() => parseMemorySize(bad, '--memory-limit')).toThrow(`--memory-limit: "${bad}" is not a memory size; write a number and a unit, e.g. 2GB, 512MB or 1.5GiB (at least 512MB)`);
  });

  it('refuses a budget below 512MB, which processing runs out of, and takes 512MB', () => {
    for (const small of ['300MB', '511MB', '0.5GB', '488MiB'])
      expect(() => parseMemorySize(small, '--memory-limit')).toThrow(new MemoryLimitTooSmallError(small, '--memory-limit'));
    expect(() => parseMemorySize('300MB', 'config.json processing.memoryLimit')).toThrow(
      'config.json processing.memoryLimit: "300MB" is below the smallest processing budget, 512MB: the embedded engine runs out of memory below it. Give 512MB or more.',
    );
    expect(parseMemorySize('512MB', 'x')).toBe(512e6);
  });
});

describe("a lake home's processing budget", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is 2GB, spilling into the home, unless config.json or --memory-limit say otherwise', () => {
    dir = mkdtempSync(join(tmpdir(), 'lake-home-memory-'));
    const { home } = initLakeHome(dir);
    const configPath = join(dir, 'config.json');
    expect(home).toMatchObject({ memoryLimitBytes: 2e9, memoryLimitSource: `the default: no processing.memoryLimit in ${configPath}`, spillDir: join(dir, 'spill') });
    expect(withMemoryLimit(home, '4GB', '--memory-limit')).toMatchObject({ memoryLimitBytes: 4e9, memoryLimitSource: '--memory-limit' });

    const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(configPath, JSON.stringify({ ...config, processing: { memoryLimit: '1GiB', spillDir: '/var/tmp/lake-spill' } }));
    expect(openLakeHome(dir)).toMatchObject({ memoryLimitBytes: 2 ** 30, memoryLimitSource: `${configPath} processing.memoryLimit`, spillDir: '/var/tmp/lake-spill' });

    writeFileSync(configPath, JSON.stringify({ ...config, processing: { memoryLimit: 'plenty' } }));
    expect(() => openLakeHome(dir)).toThrow(`${configPath} processing.memoryLimit: "plenty" is not a memory size`);
  });
});
