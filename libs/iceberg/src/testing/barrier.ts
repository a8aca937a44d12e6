// Test helper for races: holds callers until all of them arrive.

/** Resolves once `count` callers are waiting, so every writer builds on the same base before any commits. */
export function barrier(count: number): () => Promise<void> {
  let waiting = 0;
  let release: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    waiting += 1;
    if (waiting === count) release();
    return all;
  };
}
