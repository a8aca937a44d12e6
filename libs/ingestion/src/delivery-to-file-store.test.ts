// The real file object store of the lake home as the sink: proves @datamaster/storage's ObjectStore
// satisfies ObjectSink (and ObjectSource) as it is, and that what lands on disk is what bronze will read.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ChangeSimulator, LocalDeliveryStream, LocatedRecord, readDeliveryErrors, type ObjectSink, type ObjectSource } from '@datamaster/cdc';
import { openObjectStore, type ObjectStore } from '@datamaster/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

describe('LocalDeliveryStream on the file object store', () => {
  let dir: string;
  let store: ObjectStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cdc-lake-'));
    store = openObjectStore(join(dir, 'lake'));
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes simulated changes as raw objects with their metadata and ObjectCreated events', async () => {
    const sink: ObjectSink = store;
    const created: string[] = [];
    store.onObjectCreated((event) => created.push(event.key));
    const stream = await LocalDeliveryStream.open({ sink, streamId: 'file-test' });
    const records = new ChangeSimulator({ seed: 3, scale: 0.001, startTime: Date.UTC(2026, 10, 26) }).next(200);
    await stream.put(records);
    const keys = await stream.close();

    expect(created.sort()).toEqual([...keys].sort());
    const reviewKey = keys.find((key) => key.startsWith('raw/review/'))!;
    expect(await store.head(reviewKey)).toMatchObject({ contentType: 'application/x-ndjson', metadata: { format: 'ndjson', table: 'review', source: 'cdc' } });
    let lines = 0;
    for (const key of keys) lines += gunzipSync(await store.getBytes(key)).toString('utf8').split('\n').filter(Boolean).length;
    expect(lines).toBe(records.length);
    expect(stream.stats).toEqual({ recordsIn: 200, routed: 200, failed: 0, objectsWritten: keys.length, failures: [] });
  });

  it('reads the failed changes back from the error objects on disk, with their reasons', async () => {
    const source: ObjectSource = store;
    const stream = await LocalDeliveryStream.open({ sink: store, streamId: 'file-test' });
    await stream.put([new LocatedRecord('capture.jsonl line 4', '{"data": oops', 4)]);
    const [key] = await stream.close();
    expect(await readDeliveryErrors(source, { newest: 5 })).toMatchObject({
      objects: 1,
      records: 1,
      newest: [{ objectKey: key, reason: expect.stringMatching(/^capture\.jsonl line 4: malformed JSON/) }],
    });
  });
});
