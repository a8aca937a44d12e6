// The project graph tells the truth about a change: throwaway commits in a clone of this repository, and what
// `nx show projects --affected` and `datamaster plan --base` name for each. A manifest or transform change reaches
// everything deployed from the contract (the CDK app, the dashboards, the portal, the Spark package); a change to
// the docs alone reaches nothing deployable.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(REPO, 'apps', 'cli', 'dist', 'datamaster.js');
const DEPLOYED_FROM_THE_CONTRACT = ['infra', 'grafana', 'plugins', 'spark'];
let clone: string;

const git = (...args: string[]) => execFileSync('git', ['-C', clone, ...args], { encoding: 'utf8' });
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NO_COLOR: '1' };

/** Commits `change` in the clone and returns the projects Nx says it affects. */
function affectedBy(message: string, change: () => void): string[] {
  change();
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qam', message);
  const out = execFileSync(join(clone, 'node_modules', '.bin', 'nx'), ['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD'], { cwd: clone, env, encoding: 'utf8' });
  return out.split('\n').filter((line) => line.trim() !== '').sort();
}

/** `datamaster plan --base HEAD~1` of the clone's manifest: its text and exit code. */
function planAgainstParent(): { text: string; status: number | null } {
  const run = spawnSync(process.execPath, [CLI, '--manifest', join(clone, 'libs', 'lake-manifest'), 'plan', '--base', 'HEAD~1'], { cwd: clone, env, encoding: 'utf8' });
  return { text: run.stdout + run.stderr, status: run.status };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the CLI first (npx nx run cli:build; npm test does it)`);
  clone = mkdtempSync(join(tmpdir(), 'affected-'));
  execFileSync('git', ['clone', '-q', REPO, clone]);
  symlinkSync(join(REPO, 'node_modules'), join(clone, 'node_modules'));
});

afterAll(() => {
  if (clone) rmSync(clone, { recursive: true, force: true });
});

describe('what a change affects', () => {
  it("one gold table's manifest file: the contract's consumers, and the plan names the table", () => {
    const file = join(clone, 'libs', 'lake-manifest', 'tables', 'gold', 'top_drinkers.json');
    const affected = affectedBy('gold.top_drinkers: a new column', () => {
      const table = JSON.parse(readFileSync(file, 'utf8')) as { columns: Record<string, unknown>[] };
      table.columns.push({ id: 99, name: 'favourite_style', type: 'string', nullable: true, description: 'The style reviewed most that month.' });
      writeFileSync(file, `${JSON.stringify(table, null, 2)}\n`);
    });
    expect(affected).toEqual(expect.arrayContaining(['lake-manifest', 'lake-contract', ...DEPLOYED_FROM_THE_CONTRACT]));
    const plan = planAgainstParent();
    expect(plan.text).toMatch(/gold\.top_drinkers\s+favourite_style\s+column-added/);
  }, 180_000);

  it('a transform: the same consumers, and the plan recomputes the table', () => {
    const affected = affectedBy('gold.top_styles_by_popularity: a lower threshold', () => {
      const file = join(clone, 'libs', 'lake-manifest', 'transforms', 'gold', 'top_styles_by_popularity.sql');
      writeFileSync(file, readFileSync(file, 'utf8').replace('HAVING count(*) >= 25', 'HAVING count(*) >= 20'));
    });
    expect(affected).toEqual(expect.arrayContaining(['lake-manifest', ...DEPLOYED_FROM_THE_CONTRACT]));
    const plan = planAgainstParent();
    expect(plan.status).toBe(0);
    expect(plan.text).toMatch(/gold\.top_styles_by_popularity\s+transform\s+its transform changed: every partition is recomputed/);
  }, 180_000);

  it('only docs: nothing deployable, and no lake change', () => {
    const affected = affectedBy('docs: a clarification', () => appendFileSync(join(clone, 'docs', 'gitops.md'), '\nA clarification.\n'));
    expect(affected).toEqual([]);
    expect(planAgainstParent().text).toContain('No changes against HEAD~1.');
  }, 180_000);
});
