// The portal end to end, as a user meets it: a real ingestion and processing run on a fresh lake home,
// `datamaster portal` started on it, and Debian's Chromium (driven by playwright-core) reading the lake
// overview and silver.review's page, whose run status comes through the DynamoDB and Step Functions clients.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const REPO = resolve(__dirname, '..', '..');
const CLI = join(REPO, 'apps', 'cli', 'dist', 'datamaster.js');
// Debian's package, Fedora's, Homebrew's cask; CHROMIUM_PATH names any other.
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/Applications/Chromium.app/Contents/MacOS/Chromium'];
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? CHROMIUM_CANDIDATES.find((path) => existsSync(path));
const ARTIFACTS = join(REPO, 'dist', 'test-artifacts');

function datamaster(home: string, ...args: string[]): string {
  return execFileSync(process.execPath, [CLI, '--home', home, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Starts `datamaster portal`; `url` resolves once it prints that it is up. */
function startPortal(home: string, port: number): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [CLI, '--home', home, 'portal', '--port', String(port)], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = new Promise<string>((done, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const up = /portal up: (http:\/\/\S+?)\/lake/.exec(output);
      if (up) done(up[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`datamaster portal exited with ${code} before it was up:\n${output}`)));
  });
  return { child, url };
}

describe('the portal, end to end', () => {
  let home: string;
  let portal: ChildProcess | undefined;
  let url: string;
  let browser: Browser;
  let page: Page;
  let processingExecution: string;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the CLI first (npx nx run cli:build; npm test does it)`);
    if (CHROMIUM === undefined || !existsSync(CHROMIUM))
      throw new Error(`No Chromium at ${CHROMIUM ?? CHROMIUM_CANDIDATES.join(', ')}: install it (Debian/Ubuntu: sudo apt-get install chromium; see README.md, Prerequisites) or set CHROMIUM_PATH`);
    home = mkdtempSync(join(tmpdir(), 'dm-portal-e2e-'));
    const seed = join(home, 'seed');
    datamaster(home, 'seed', '--out', seed, '--scale', '0.001');
    for (const table of ['brewery', 'beer', 'profile', 'review']) datamaster(home, 'ingest', join(seed, `${table}.csv.gz`), '--table', table);
    const run = JSON.parse(datamaster(home, 'process', 'all', '--json')) as { executionId: string };
    processingExecution = run.executionId.split(':').pop() as string;
    const started = startPortal(home, await freePort());
    portal = started.child; // kept before awaiting, so that afterAll stops it even if it never comes up
    url = await started.url;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1600, height: 2400 } });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    if (portal && portal.exitCode === null && portal.signalCode === null) {
      const running = portal;
      const exited = new Promise((done) => running.once('exit', done));
      running.kill('SIGTERM');
      await exited;
    }
    if (home) rmSync(home, { recursive: true, force: true });
  }, 60_000);

  it('shows every lake table on the overview', async () => {
    await page.goto(`${url}/lake`);
    await page.locator('tr[data-table]').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('tr[data-table]').count()).toBe(14);
    await expect(page.getByLabel('table count').textContent()).resolves.toBe('14 of 14 tables');
  }, 120_000);

  it('opens silver.review: lineage both ways, the grants matrix and the run this test produced', async () => {
    await page.goto(`${url}/catalog/default/resource/silver.review/lake`);
    const runs = page.getByRole('table', { name: 'runs' });
    await runs.waitFor({ timeout: 60_000 });
    await expect(page.getByLabel('upstream', { exact: true }).textContent()).resolves.toContain('bronze.review');
    await expect(page.getByLabel('downstream', { exact: true }).textContent()).resolves.toContain('silver.review_flat');
    // The run: the ledger's record (through the DynamoDB client) with its execution described by Step Functions.
    const run = runs.locator('tbody tr').first();
    await expect(run.textContent()).resolves.toMatch(new RegExp(`succeeded.*1,500 / 1,500 / 0.*SUCCEEDED ${processingExecution}`));
    // silver.review has no PII column: analyst reads every column, demo (gold only) none.
    await expect(page.getByLabel('analyst may read review_id').textContent()).resolves.toBe('✓');
    await expect(page.getByLabel('demo may not read review_id').textContent()).resolves.toBe('✗');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'portal-silver-review.png'), fullPage: true });
  }, 120_000);

  it('shows the analyst without the PII columns of silver.profile', async () => {
    await page.goto(`${url}/catalog/default/resource/silver.profile/lake`);
    const grants = page.getByRole('table', { name: 'grants matrix' });
    await grants.waitFor({ timeout: 60_000 });
    await expect(page.getByLabel('analyst may not read profile_name').textContent()).resolves.toBe('✗');
    await expect(page.getByLabel('data-engineer may read profile_name').textContent()).resolves.toBe('✓');
    await expect(page.getByLabel('analyst may read profile_id').textContent()).resolves.toBe('✓');
  }, 120_000);
});
