import { describe, expect, it } from 'vitest';
import type { DmsDataRecord } from '../envelope.js';
import { ChangeSimulator } from './change-simulator.js';

const START = Date.UTC(2026, 10, 26, 3, 0, 0);
const simulator = () => new ChangeSimulator({ seed: 11, scale: 0.01, startTime: START });

describe('ChangeSimulator.simulate', () => {
  it('emits rps × duration records in batches, awaiting each batch, as fast as possible when not realtime', async () => {
    const batches: DmsDataRecord[][] = [];
    let busy = false;
    const summary = await simulator().simulate({
      rps: 1000,
      durationMs: 2_500,
      realtime: false,
      onBatch: async (records) => {
        expect(busy).toBe(false);
        busy = true;
        await new Promise((resolve) => setImmediate(resolve));
        batches.push(records);
        busy = false;
      },
    });
    expect(summary).toEqual({ records: 2500, batches: 25, aborted: false });
    expect(batches.map((batch) => batch.length)).toEqual(Array.from({ length: 25 }, () => 100));
    // The simulated clock follows the requested rate: the last record is at 2.499 s.
    expect(batches.at(-1)!.at(-1)!.metadata.timestamp).toBe('2026-11-26T03:00:02.499000Z');
  });

  it('gives the same records as next() for the same seed', async () => {
    const streamed: DmsDataRecord[] = [];
    await simulator().simulate({ rps: 10, durationMs: 30_000, realtime: false, onBatch: (records) => void streamed.push(...records) });
    expect(streamed).toEqual(simulator().next(300));
  });

  it('paces batches in real time', async () => {
    const started = performance.now();
    const summary = await simulator().simulate({ rps: 200, durationMs: 300, batchMs: 50, onBatch: () => undefined });
    expect(summary).toEqual({ records: 60, batches: 6, aborted: false });
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('stops early when aborted', async () => {
    const controller = new AbortController();
    let received = 0;
    const summary = await simulator().simulate({
      rps: 100,
      durationMs: 60_000,
      signal: controller.signal,
      onBatch: (records) => {
        received += records.length;
        if (received >= 30) controller.abort();
      },
    });
    expect(summary).toEqual({ records: 30, batches: 3, aborted: true });
  });

  it('refuses a negative duration or a rate of 0', async () => {
    await expect(simulator().simulate({ rps: 0, durationMs: 1, onBatch: () => undefined })).rejects.toThrow('rps=0');
    await expect(simulator().simulate({ rps: 1, durationMs: -1, onBatch: () => undefined })).rejects.toThrow('durationMs=-1');
  });
});
