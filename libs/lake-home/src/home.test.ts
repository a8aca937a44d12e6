import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LakeHomeError } from './errors.js';
import { resolveLakeHome } from './home-location.js';
import { initLakeHome, openLakeHome } from './home.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'lake-home-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('lake home', () => {
  it('resolves --home, then DATAMASTER_HOME, then .datamaster in the current folder', () => {
    expect(resolveLakeHome('h', { DATAMASTER_HOME: '/env' }, '/cwd')).toBe('/cwd/h');
    expect(resolveLakeHome(undefined, { DATAMASTER_HOME: '/env' }, '/cwd')).toBe('/env');
    expect(resolveLakeHome(undefined, {}, '/cwd')).toBe('/cwd/.datamaster');
  });

  it('creates the config, folders and a private masking key', () => {
    const root = join(dir, 'home');
    const { home, created } = initLakeHome(root);
    expect(created).toBe(true);
    expect(home.storageUri).toBe(join(root, 'lake'));
    expect(home.ledgerDir).toBe(join(root, 'ledger'));
    expect(home.executionsDir).toBe(join(root, 'executions'));
    expect(statSync(home.storageUri).isDirectory()).toBe(true);
    expect(Buffer.from(readFileSync(home.maskingKeyFile, 'utf8'), 'base64')).toHaveLength(32);
    expect(statSync(home.maskingKeyFile).mode & 0o777).toBe(0o600);
  });

  it('is idempotent and never replaces the key or the config', () => {
    const root = join(dir, 'home');
    const first = initLakeHome(root).home;
    const key = readFileSync(first.maskingKeyFile, 'utf8');
    const again = initLakeHome(root);
    expect(again.created).toBe(false);
    expect(readFileSync(again.home.maskingKeyFile, 'utf8')).toBe(key);
  });

  it('tells how to create a missing home, and names a broken config field', () => {
    expect(() => openLakeHome(join(dir, 'nope'))).toThrow(`No lake home at ${join(dir, 'nope')} (no config.json). Create it with: datamaster init --home ${join(dir, 'nope')}`);
    const root = join(dir, 'home');
    initLakeHome(root);
    writeFileSync(join(root, 'config.json'), JSON.stringify({ version: 1, storage: { uri: '' } }));
    expect(() => openLakeHome(root)).toThrow(LakeHomeError);
    expect(() => openLakeHome(root)).toThrow(/config.json: storage.uri: /);
  });
});
