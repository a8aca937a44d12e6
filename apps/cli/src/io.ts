// Everything a command writes goes through here, so tests can run the CLI in-process and the
// terminal-only niceties (colour, progress bars) switch off by themselves when output is piped.
import { once } from 'node:events';
import { Presets, SingleBar } from 'cli-progress';
import { createColors } from 'picocolors';

export interface CliStreams {
  /** `rows`: the terminal's height, when stdout is one. */
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; rows?: number };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Read only by commands that take input on it (a task process's task). */
  readonly stdin?: NodeJS.ReadableStream;
}

export interface Progress {
  update(done: number, detail?: string): void;
  stop(): void;
}

export class Output {
  readonly colors: ReturnType<typeof createColors>;
  private readonly interactive: boolean;

  constructor(private readonly streams: CliStreams) {
    this.interactive = Boolean(streams.stderr.isTTY) && !streams.env['CI'];
    this.colors = createColors(Boolean(streams.stdout.isTTY) && !streams.env['NO_COLOR']);
  }

  /** The terminal's height in lines when stdout is a terminal; undefined when it is a pipe or a file. */
  get terminalRows(): number | undefined {
    return this.streams.stdout.isTTY ? this.streams.stdout.rows : undefined;
  }

  line(text = ''): void {
    this.streams.stdout.write(`${text}\n`);
  }

  /** Output of any size: waits while stdout's buffer is full, so a slow reader (a pipe, a terminal) holds the writer back. */
  async write(data: string | Uint8Array): Promise<void> {
    if (!this.streams.stdout.write(data)) await once(this.streams.stdout, 'drain');
  }

  json(value: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  error(text: string): void {
    this.streams.stderr.write(`${text}\n`);
  }

  /** A progress bar on an interactive terminal; silent otherwise (logs stay clean). */
  progress(label: string, total: number): Progress {
    if (!this.interactive) return { update: () => undefined, stop: () => undefined };
    const bar = new SingleBar(
      { stream: this.streams.stderr, format: `${label.padEnd(10)} {bar} {percentage}% | {value}/{total} {detail}`, hideCursor: true, clearOnComplete: false },
      Presets.shades_classic,
    );
    bar.start(total, 0, { detail: '' });
    return { update: (done, detail = '') => bar.update(done, { detail }), stop: () => bar.stop() };
  }
}

/** Plain-text columns for terminal tables. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...rows.map(render)].join('\n');
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
