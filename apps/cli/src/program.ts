import { Command, InvalidArgumentError } from 'commander';
import { parseMemorySize } from '@datamaster/lake-home/memory-size';
import { registerContract } from './commands/contract.js';
import { registerDemo } from './commands/demo.js';
import { registerIngest } from './commands/ingest.js';
import { registerMaintain } from './commands/maintain.js';
import { registerMigrate } from './commands/migrate.js';
import { registerProcess } from './commands/process.js';
import { registerQuery } from './commands/query.js';
import { registerReprocess } from './commands/reprocess.js';
import { registerDashboards } from './commands/dashboards.js';
import { registerMetrics } from './commands/metrics.js';
import { registerStatus } from './commands/status.js';
import { registerStream } from './commands/stream.js';
import { registerTables } from './commands/tables.js';
import { registerUp } from './commands/up.js';
import { registerWorker } from './commands/worker.js';
import { registerInit } from './commands/init.js';
import { registerManifest } from './commands/manifest.js';
import { registerPlan } from './commands/plan.js';
import { registerPortal } from './commands/portal.js';
import { registerApply } from './commands/apply.js';
import { registerSeed } from './commands/seed.js';
import { parseTarget } from '@datamaster/aws-platform/target';
import { refuseLocalOnlyOnAws } from './aws/target-commands.js';
import { createContext } from './context.js';
import { useChosenManifest } from './manifest-choice.js';
import { Output, type CliStreams } from './io.js';
import { exitCodeFor } from './errors.js';

export const VERSION = '0.1.0';

/** A usage error (exit 2) for a --memory-limit that is no size or below the smallest budget, before any command opens the lake. */
function memorySize(value: string): string {
  try {
    parseMemorySize(value, '--memory-limit');
    return value;
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** A usage error (exit 2) for a target that is neither local nor aws:<stage>. */
function target(value: string): string {
  try {
    parseTarget(value);
    return value;
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function buildProgram(streams: CliStreams, output: Output, workerCommand?: readonly string[]): Command {
  const program = new Command('datamaster')
    .description('Datamaster: a governed Medallion lakehouse (raw → bronze → silver → gold), local or on AWS.')
    .version(VERSION)
    .option('--home <dir>', 'local lake home (default: $DATAMASTER_HOME, else ./.datamaster)')
    .option('--manifest <dir>', 'a lake manifest folder (tables/ and transforms/) to run instead of the bundled one (default: $DATAMASTER_MANIFEST)')
    .option('--target <target>', 'where ingest, status, process and query run: local (the lake home) or aws:<stage> (a deployment on AWS, found by its stacks\' outputs; AWS_REGION and AWS_PROFILE as the AWS CLI reads them) (default: $DATAMASTER_TARGET, else local)', target)
    .option('--memory-limit <size>', "the embedded engine's memory budget, e.g. 2GB or 1GB, at least 512MB; past it, processing spills to disk (default: the lake home's processing.memoryLimit, else 2GB)", memorySize)
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => streams.stdout.write(text), writeErr: (text) => streams.stderr.write(text) });
  const ctx = createContext(streams, output, workerCommand);
  program.hook('preAction', async (_program, action) => {
    refuseLocalOnlyOnAws(ctx, action);
    await useChosenManifest(action, streams);
  });
  registerInit(program, ctx);
  registerSeed(program, ctx);
  registerManifest(program, ctx);
  registerPlan(program, ctx);
  registerApply(program, ctx);
  registerContract(program, ctx);
  registerMigrate(program, ctx);
  registerIngest(program, ctx);
  registerStream(program, ctx);
  registerStatus(program, ctx);
  registerReprocess(program, ctx);
  registerProcess(program, ctx);
  registerQuery(program, ctx);
  registerTables(program, ctx);
  registerMetrics(program, ctx);
  registerDashboards(program, ctx);
  registerMaintain(program, ctx);
  registerUp(program, ctx);
  registerWorker(program, ctx);
  registerDemo(program, ctx);
  registerPortal(program, ctx);
  return program;
}

/**
 * Runs one CLI invocation and returns its exit code; never calls process.exit itself. `workerCommand` (program and
 * script of this CLI) lets work that runs as its own process on AWS, such as the bronze ECS task, run as a child.
 */
export async function runCli(argv: readonly string[], streams: CliStreams, workerCommand?: readonly string[]): Promise<number> {
  const output = new Output(streams);
  try {
    await buildProgram(streams, output, workerCommand).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return exitCodeFor(error, output);
  }
}
