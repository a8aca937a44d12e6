import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidStepFunctionsNameError, executionArn, LOCAL_AWS_LOCATION, stateMachineArn } from '@datamaster/lake-contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionStatus, JournaledExecution } from './execution-journal.js';
import { FileExecutionJournal, InvalidJournalRetentionError } from './file-execution-journal.js';

const MACHINE = 'datamaster-ingestion';
const machineArn = stateMachineArn(LOCAL_AWS_LOCATION, MACHINE);

function execution(name: string, startDate: string, status: ExecutionStatus = 'SUCCEEDED'): JournaledExecution {
  return {
    executionArn: executionArn(LOCAL_AWS_LOCATION, MACHINE, name),
    stateMachineArn: machineArn,
    name,
    status,
    startDate,
    ...(status === 'RUNNING' ? {} : { stopDate: startDate }),
    input: '{"recordId":"r1"}',
    history: [],
  };
}

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'execution-journal-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the file execution journal', () => {
  it('keeps one whole JSON file per execution under its state machine, replaced as the execution goes on', async () => {
    const journal = new FileExecutionJournal(dir);
    await journal.record(execution('e1', '2026-03-01T10:00:00.000Z', 'RUNNING'));
    const path = join(dir, MACHINE, 'e1.json');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ status: 'RUNNING' });
    await journal.record({ ...execution('e1', '2026-03-01T10:00:00.000Z'), output: '{}' });
    expect(await journal.execution(executionArn(LOCAL_AWS_LOCATION, MACHINE, 'e1'))).toMatchObject({ status: 'SUCCEEDED', output: '{}', stopDate: '2026-03-01T10:00:00.000Z' });
    expect(readdirSync(join(dir, MACHINE)).sort()).toEqual(['.first-recorded', 'e1.json']);
  });

  it('lists a state machine\'s executions newest first, as another process records them', async () => {
    const reader = new FileExecutionJournal(dir);
    const writer = new FileExecutionJournal(dir);
    expect(await reader.executions(machineArn)).toEqual([]);
    await writer.record(execution('b', '2026-03-01T10:00:00.000Z'));
    await writer.record(execution('a', '2026-03-01T10:00:00.000Z', 'RUNNING'));
    await writer.record(execution('c', '2026-03-01T09:00:00.000Z'));
    expect((await reader.executions(machineArn)).map((e) => `${e.name} ${e.status}`)).toEqual(['b SUCCEEDED', 'a RUNNING', 'c SUCCEEDED']);
    await writer.record({ ...execution('a', '2026-03-01T10:00:00.000Z', 'FAILED'), error: 'E', cause: 'why' });
    const listed = await reader.executions(machineArn);
    expect(listed[1]).toEqual({ executionArn: executionArn(LOCAL_AWS_LOCATION, MACHINE, 'a'), stateMachineArn: machineArn, name: 'a', status: 'FAILED', startDate: '2026-03-01T10:00:00.000Z', stopDate: '2026-03-01T10:00:00.000Z' });
  });

  it('keeps the newest executions of each state machine as executions end', async () => {
    const journal = new FileExecutionJournal(dir, { keep: 2 });
    for (const name of ['e1', 'e2', 'e3']) {
      await journal.record(execution(name, `2026-03-01T10:00:0${name.slice(1)}.000Z`));
      await new Promise((resolve) => setTimeout(resolve, 15)); // distinct modification times
    }
    expect((await journal.executions(machineArn)).map((e) => e.name)).toEqual(['e3', 'e2']);
    expect(await journal.execution(executionArn(LOCAL_AWS_LOCATION, MACHINE, 'e1'))).toBeUndefined();
    expect(() => new FileExecutionJournal(dir, { keep: 0 })).toThrow(InvalidJournalRetentionError);
  });

  it('answers only for the ARNs it recorded, and remembers when a state machine first ran', async () => {
    const journal = new FileExecutionJournal(dir);
    expect(await journal.firstRecorded(machineArn)).toBeUndefined();
    await journal.record(execution('e1', '2026-03-01T10:00:00.000Z'));
    await new FileExecutionJournal(dir).record(execution('e2', '2026-03-02T10:00:00.000Z'));
    expect(await journal.firstRecorded(machineArn)).toEqual(new Date('2026-03-01T10:00:00.000Z'));
    const elsewhere = { region: 'eu-west-1', account: '123456789012' };
    expect(await journal.execution(executionArn(elsewhere, MACHINE, 'e1'))).toBeUndefined();
    expect(await journal.executions(stateMachineArn(elsewhere, MACHINE))).toEqual([]);
    expect(await journal.executions(stateMachineArn(LOCAL_AWS_LOCATION, 'datamaster-processing'))).toEqual([]);
    // A name that could lead out of the journal's folder is neither read nor written.
    writeFileSync(join(dir, 'outside.json'), JSON.stringify(execution('outside', '2026-03-01T10:00:00.000Z')));
    expect(await journal.execution(executionArn(LOCAL_AWS_LOCATION, '..', 'outside'))).toBeUndefined();
    await expect(journal.record(execution('../outside', '2026-03-01T10:00:00.000Z'))).rejects.toThrow(InvalidStepFunctionsNameError);
    // Files that are not executions (a temporary file left by a process that died) are not listed.
    writeFileSync(join(dir, MACHINE, 'e3.json.123-abc.tmp'), '{');
    expect(await journal.executions(machineArn)).toHaveLength(2);
  });
});
