import { describe, expect, it } from 'vitest';
import { PROCESSING_STATE_MACHINE } from '../state-machines/definitions.js';
import { COST_TAGS, costsDatabaseName, curQueryStatement, curTagKey, CUR_COLUMNS, CUR_TABLE } from './cost-and-usage.js';

type State = { Type: string; Resource?: string; Parameters?: Record<string, unknown>; ItemProcessor?: { States: Record<string, State> }; Iterator?: { States: Record<string, State> }; Branches?: { States: Record<string, State> }[] };
function states(definition: { States: Record<string, State> }): State[] {
  return Object.values(definition.States).flatMap((s) => [s, ...[s.ItemProcessor, s.Iterator, ...(s.Branches ?? [])].flatMap((d) => (d === undefined ? [] : states(d)))]);
}

describe('the cost data the dashboards read', () => {
  it('names the Glue database by stage, and the CUR 2.0 key of a cost allocation tag', () => {
    expect(costsDatabaseName('dev')).toBe('datamaster_dev_costs');
    expect(costsDatabaseName('team-a')).toBe('datamaster_team_a_costs');
    expect(curTagKey(COST_TAGS.run)).toBe('user_datamaster_run');
    expect(curQueryStatement()).toBe(`SELECT ${CUR_COLUMNS.map((c) => c.name).join(', ')} FROM ${CUR_TABLE}`);
  });

  it('tags every Spark job run with its execution, the cost per run', () => {
    const jobRuns = states(PROCESSING_STATE_MACHINE as unknown as { States: Record<string, State> }).filter((s) => s.Resource?.includes('emr-serverless:startJobRun'));
    expect(jobRuns.length).toBeGreaterThan(0);
    for (const run of jobRuns) expect(run.Parameters?.['Tags']).toEqual({ [`${COST_TAGS.run}.$`]: '$$.Execution.Name' });
  });
});
