import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MotoUnavailableError, motoPython, startMotoServer } from './moto-server.js';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startMotoServer', () => {
  it('serves on a loopback port until stop(), which ends the process and frees the port', async () => {
    const moto = await startMotoServer();
    let stopped = false;
    try {
      expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${moto.endpoint}/moto-api/`)).status).toBe(200);
      expect(isAlive(moto.pid)).toBe(true);
      await moto.stop();
      stopped = true;
      await moto.stop();
      expect(isAlive(moto.pid)).toBe(false);
      await expect(fetch(`${moto.endpoint}/moto-api/`)).rejects.toThrow();
    } finally {
      if (!stopped) await moto.stop();
    }
  }, 60_000);

  it('runs spark/.venv\'s Python unless MOTO_PYTHON names another', () => {
    expect(motoPython({})).toBe(join(process.cwd(), '..', '..', 'spark', '.venv', 'bin', 'python'));
    expect(motoPython({ MOTO_PYTHON: '/opt/moto/bin/python' })).toBe('/opt/moto/bin/python');
  });

  it('fails with the setup command when the Python it runs has no moto', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'iceberg-no-moto-'));
    try {
      // A fresh virtual environment: its Python sees none of the packages installed on this machine.
      await promisify(execFile)('python3', ['-m', 'venv', '--without-pip', join(dir, 'venv')]);
      const python = join(dir, 'venv', 'bin', 'python');
      const error = await startMotoServer({ python }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MotoUnavailableError);
      expect((error as Error).message).toContain("No module named 'moto'");
      expect((error as Error).message).toContain('Set it up with `npx nx run spark:setup`, or set MOTO_PYTHON');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('fails with the setup command when there is no such Python (spark/.venv not made yet)', async () => {
    const error = await startMotoServer({ python: '/nonexistent/python3' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MotoUnavailableError);
    expect((error as Error).message).toBe(
      "moto's server cannot run (/nonexistent/python3 -m moto.server): /nonexistent/python3 does not exist. " +
        'Set it up with `npx nx run spark:setup`, or set MOTO_PYTHON to a Python that has moto[server]',
    );
  });
});
