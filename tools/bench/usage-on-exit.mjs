// Loaded with `node --import` into each process a benchmark measures: at exit the process writes its own resource
// usage (peak RSS, CPU), native memory and threads included (DuckDB's, the encoder's), to $BENCH_USAGE_FILE.
// On Linux it adds the CPU time of the child processes it has waited for (cutime + cstime of /proc/self/stat),
// e.g. the bronze task process `datamaster ingest` starts for a large extract; a detached child still running
// (the lake home's ledger server) is not among them.
import { readFileSync, writeFileSync } from 'node:fs';

/** /proc reports CPU time in clock ticks of USER_HZ, 100 per second on Linux. */
const MICROS_PER_TICK = 10_000;

function waitedChildrenCpuMicros() {
  try {
    // The fields after the command name's closing parenthesis start at field 3 (state); cutime and cstime are 16 and 17.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * MICROS_PER_TICK;
  } catch {
    return undefined; // not Linux
  }
}

const file = process.env['BENCH_USAGE_FILE'];
if (file !== undefined) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const childrenCpuMicros = waitedChildrenCpuMicros();
    writeFileSync(file, JSON.stringify({ maxRssKib: usage.maxRSS, cpuMicros: usage.userCPUTime + usage.systemCPUTime, ...(childrenCpuMicros === undefined ? {} : { childrenCpuMicros }) }));
  });
}
