// Loaded with `node --import` into each process the query bench measures: at exit the process writes its own
// resource usage (peak RSS, CPU), DuckDB's native memory and threads included, to $BENCH_USAGE_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env['BENCH_USAGE_FILE'];
if (file !== undefined) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKib: usage.maxRSS, cpuMicros: usage.userCPUTime + usage.systemCPUTime }));
  });
}
