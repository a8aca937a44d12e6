// Test doubles at the edge of the delivery stream: an object sink (and source) in a Map and a clock moved by hand.
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { DeliveryClock } from '../delivery/delivery-clock.js';
import type { ObjectSink } from '../delivery/object-sink.js';
import type { ObjectSource } from '../delivery/object-source.js';

export interface StoredObject {
  readonly body: Buffer;
  readonly lastModified: Date;
  readonly contentType?: string;
  readonly metadata?: Record<string, string>;
}

export class MemorySink implements ObjectSink, ObjectSource {
  readonly objects = new Map<string, StoredObject>();
  /** How many of the next puts fail, to exercise retries. */
  failures = 0;

  /** `now` stamps each object's lastModified (ms since the epoch). */
  constructor(private readonly now: () => number = Date.now) {}

  async put(key: string, body: Buffer, options: { contentType?: string; metadata?: Record<string, string> }): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error(`sink unavailable for ${key}`);
    }
    this.objects.set(key, { body, lastModified: new Date(this.now()), ...options });
  }

  async *listAll(prefix: string): AsyncIterable<{ key: string; lastModified: Date }> {
    const under = [...this.objects].filter(([key]) => key.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [key, { lastModified }] of under) yield { key, lastModified };
  }

  async get(key: string): Promise<Readable> {
    const object = this.objects.get(key);
    if (!object) throw new Error(`no object ${key}`);
    return Readable.from([object.body]);
  }

  /** The object's gzip NDJSON lines, parsed. */
  lines(key: string): Record<string, unknown>[] {
    const object = this.objects.get(key);
    if (!object) throw new Error(`no object ${key}; have ${[...this.objects.keys()].join(', ')}`);
    return gunzipSync(object.body).toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  keysUnder(prefix: string): string[] {
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix));
  }
}

export class ManualClock implements DeliveryClock {
  private readonly timers = new Set<{ at: number; callback: () => void }>();

  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { at: this.time + ms, callback };
    this.timers.add(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as { at: number; callback: () => void });
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time on, firing every timer that falls due, earliest first. */
  advance(ms: number): void {
    this.time += ms;
    const due = [...this.timers].filter((timer) => timer.at <= this.time).sort((a, b) => a.at - b.at);
    for (const timer of due) {
      this.timers.delete(timer);
      timer.callback();
    }
  }
}
