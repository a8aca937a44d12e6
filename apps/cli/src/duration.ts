import { InvalidArgumentError } from 'commander';

const UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** "500ms", "30s", "2m", "1h" → milliseconds (commander option parser). */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`"${value}" is not a duration; use e.g. 500ms, 30s, 2m or 1h.`);
  return Number(match[1]) * UNITS_MS[match[2] as keyof typeof UNITS_MS];
}
