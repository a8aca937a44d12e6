// Sampling on a timer from outside a measured command: one sample at once, one every period, one last at stop, so
// that even a command shorter than the period has a sample from its start and one from its end.

export interface Sampling<T> {
  /** Stops the timer, takes a last sample and returns them all, oldest first. */
  stop(): T[];
}

export function sampleEvery<T>(periodMs: number, take: () => T): Sampling<T> {
  const samples: T[] = [take()];
  const timer = setInterval(() => samples.push(take()), periodMs);
  return {
    stop() {
      clearInterval(timer);
      samples.push(take());
      return samples;
    },
  };
}
