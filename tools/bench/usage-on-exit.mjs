// Loaded with `node --import` into each process a benchmark measures: at exit the process writes its own resource
// usage (peak RSS, CPU), native memory and threads included (DuckDB's, the encoder's), to $BENCH_USAGE_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env['BENCH_USAGE_FILE'];
if (file !== undefined) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKib: usage.maxRSS, cpuMicros: usage.userCPUTime + usage.systemCPUTime }));
  });
}
