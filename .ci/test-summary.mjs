// Sums the per-project vitest JSON reports (written by the test target, see nx.json) into one
// closing line, so a run over many projects ends with a single, greppable verdict.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'dist/test-reports';
const reports = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of reports.sort()) {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  // A test file whose beforeAll failed (e.g. a service it needs could not start) reports its tests as skipped:
  // they did not run because something was missing, so they count as failed, not skipped. (spark's pytest
  // report has counts only, and counts its setup errors as failed already.)
  const notRun = (report.testResults ?? [])
    .filter((result) => result.status === 'failed' && !result.assertionResults.some((test) => test.status === 'failed'))
    .reduce((sum, result) => sum + result.assertionResults.filter((test) => test.status === 'skipped' || test.status === 'pending').length, 0);
  const projectFailed = report.numFailedTests + notRun;
  passed += report.numPassedTests;
  failed += projectFailed;
  skipped += report.numPendingTests + report.numTodoTests - notRun;
  console.log(`  ${file.replace(/\.json$/, '').padEnd(24)} ${report.numPassedTests} passed, ${projectFailed} failed`);
}
if (reports.length === 0) {
  console.error('No test reports found in dist/test-reports: no test ran.');
  process.exit(1);
}
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
