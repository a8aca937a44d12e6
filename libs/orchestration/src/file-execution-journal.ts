// The execution journal as files: `<dir>/<stateMachineName>/<executionName>.json`, one per execution, each written
// whole (a temporary file renamed over it), so that any number of processes can record and read at once without a
// lock. The newest executions of each state machine are kept; older ones are deleted as new ones end.
import { randomUUID } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidStepFunctionsNameError, isPlatformName, parseStateMachineArn } from '@datamaster/lake-contract';
import { executionIdentity, type ExecutionJournal, type ExecutionSummary, type JournaledExecution } from './execution-journal.js';

/** Executions kept per state machine unless told otherwise. */
export const DEFAULT_KEPT_EXECUTIONS = 500;

const EXECUTION_FILE = '.json';
/** Holds the date the state machine's first execution was recorded; its name can never be an execution's file. */
const FIRST_RECORDED_FILE = '.first-recorded';

export interface FileExecutionJournalOptions {
  /** Executions kept per state machine, the newest by last write; default DEFAULT_KEPT_EXECUTIONS. */
  readonly keep?: number;
}

/** Thrown for a journal told to keep fewer than one execution per state machine. */
export class InvalidJournalRetentionError extends Error {
  override readonly name = 'InvalidJournalRetentionError';
  constructor(readonly keep: number) {
    super(`An execution journal keeps at least 1 execution per state machine, not ${keep}.`);
  }
}

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    if (isMissing(error)) return undefined; // deleted since it was listed: another process pruned it
    throw error;
  }
}

function summaryOf(execution: JournaledExecution): ExecutionSummary {
  const { executionArn, stateMachineArn, name, status, startDate, stopDate } = execution;
  return { executionArn, stateMachineArn, name, status, startDate, ...(stopDate === undefined ? {} : { stopDate }) };
}

/** Newest first: by start date, then by name (two executions can start in the same millisecond). */
const newestFirst = (a: ExecutionSummary, b: ExecutionSummary): number => b.startDate.localeCompare(a.startDate) || b.name.localeCompare(a.name);

export class FileExecutionJournal implements ExecutionJournal {
  private readonly keep: number;
  /** Summaries of files read before, by path: a file is read again only when it changed. */
  private readonly summaries = new Map<string, { readonly mtimeMs: number; readonly size: number; readonly summary: ExecutionSummary }>();
  /** State machines whose first-recorded date this journal has made sure of. */
  private readonly marked = new Set<string>();

  constructor(
    readonly dir: string,
    options: FileExecutionJournalOptions = {},
  ) {
    this.keep = options.keep ?? DEFAULT_KEPT_EXECUTIONS;
    if (!Number.isInteger(this.keep) || this.keep < 1) throw new InvalidJournalRetentionError(this.keep);
  }

  async record(execution: JournaledExecution): Promise<void> {
    const { stateMachineName, executionName } = executionIdentity(execution.executionArn);
    const invalid = [stateMachineName, executionName].find((name) => !isPlatformName(name));
    if (invalid !== undefined) throw new InvalidStepFunctionsNameError(invalid);
    const machineDir = join(this.dir, stateMachineName);
    await mkdir(machineDir, { recursive: true });
    if (!this.marked.has(machineDir)) {
      await this.writeOnce(join(machineDir, FIRST_RECORDED_FILE), execution.startDate);
      this.marked.add(machineDir);
    }
    await this.writeWhole(join(machineDir, `${executionName}${EXECUTION_FILE}`), `${JSON.stringify(execution)}\n`);
    if (execution.status !== 'RUNNING') await this.prune(machineDir);
  }

  async executions(stateMachineArn: string): Promise<ExecutionSummary[]> {
    const machineDir = this.machineDir(stateMachineArn);
    if (machineDir === undefined) return [];
    const summaries: ExecutionSummary[] = [];
    for (const file of await this.executionFiles(machineDir)) {
      const summary = await this.summary(join(machineDir, file));
      if (summary?.stateMachineArn === stateMachineArn) summaries.push(summary);
    }
    return summaries.sort(newestFirst);
  }

  async execution(executionArn: string): Promise<JournaledExecution | undefined> {
    const { stateMachineArn, executionName } = executionIdentity(executionArn);
    const machineDir = this.machineDir(stateMachineArn);
    if (machineDir === undefined || !isPlatformName(executionName)) return undefined;
    const execution = (await readJson(join(machineDir, `${executionName}${EXECUTION_FILE}`))) as JournaledExecution | undefined;
    return execution?.executionArn === executionArn ? execution : undefined;
  }

  async firstRecorded(stateMachineArn: string): Promise<Date | undefined> {
    const machineDir = this.machineDir(stateMachineArn);
    if (machineDir === undefined) return undefined;
    try {
      return new Date((await readFile(join(machineDir, FIRST_RECORDED_FILE), 'utf8')).trim());
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** The folder of a state machine's executions; none for a name that could lead out of the journal's folder. */
  private machineDir(stateMachineArn: string): string | undefined {
    const name = parseStateMachineArn(stateMachineArn)?.name;
    return name !== undefined && isPlatformName(name) ? join(this.dir, name) : undefined;
  }

  private async executionFiles(machineDir: string): Promise<string[]> {
    try {
      return (await readdir(machineDir)).filter((file) => file.endsWith(EXECUTION_FILE));
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  private async summary(path: string): Promise<ExecutionSummary | undefined> {
    const stats = await stat(path).catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (stats === undefined) return undefined;
    const cached = this.summaries.get(path);
    if (cached?.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached.summary;
    const execution = (await readJson(path)) as JournaledExecution | undefined;
    if (execution === undefined) return undefined;
    const summary = summaryOf(execution);
    this.summaries.set(path, { mtimeMs: stats.mtimeMs, size: stats.size, summary });
    return summary;
  }

  /** Deletes the oldest executions (by last write) beyond the ones kept. */
  private async prune(machineDir: string): Promise<void> {
    const files = await this.executionFiles(machineDir);
    if (files.length <= this.keep) return;
    const written = await Promise.all(files.map(async (file) => ({ path: join(machineDir, file), mtimeMs: (await stat(join(machineDir, file)).catch(() => undefined))?.mtimeMs ?? 0 })));
    written.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const { path } of written.slice(0, written.length - this.keep)) {
      await rm(path, { force: true });
      this.summaries.delete(path);
    }
  }

  /** Replaces the file at once: a reader sees the old content or the new, never part of it. */
  private async writeWhole(path: string, content: string): Promise<void> {
    const temp = `${path}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
    await writeFile(temp, content);
    try {
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** Creates the file whole unless it exists: link(2) fails on an existing name, so the first writer's content stays. */
  private async writeOnce(path: string, content: string): Promise<void> {
    const temp = `${path}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
    await writeFile(temp, content);
    try {
      await link(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await rm(temp, { force: true });
    }
  }
}
