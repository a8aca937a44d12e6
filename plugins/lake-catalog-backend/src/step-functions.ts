// Reading the platform's state machines through the Step Functions API (AWS's, or the local platform's).
import { DescribeExecutionCommand, ExecutionDoesNotExist, ListExecutionsCommand, paginateListStateMachines, type SFNClient } from '@aws-sdk/client-sfn';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { LakeExecution, LakeStateMachine } from '@datamaster/plugin-lake-catalog-common';

const iso = (date: Date | undefined) => date?.toISOString();

function execution(e: { executionArn?: string; stateMachineArn?: string; name?: string; status?: string; startDate?: Date; stopDate?: Date; error?: string; cause?: string }): LakeExecution {
  return {
    executionArn: e.executionArn ?? '',
    stateMachineArn: e.stateMachineArn ?? '',
    name: e.name ?? '',
    status: e.status ?? 'UNKNOWN',
    ...(iso(e.startDate) === undefined ? {} : { startDate: iso(e.startDate) }),
    ...(iso(e.stopDate) === undefined ? {} : { stopDate: iso(e.stopDate) }),
    ...(e.error === undefined ? {} : { error: e.error }),
    ...(e.cause === undefined ? {} : { cause: e.cause }),
  };
}

export class StepFunctionsReader {
  private readonly machineArns = new Map<string, string>();

  constructor(
    private readonly client: SFNClient,
    private readonly logger: LoggerService,
  ) {}

  /** DescribeExecution for each distinct ARN; one Step Functions no longer knows (expired history) is left out. */
  async describe(arns: readonly string[]): Promise<Map<string, LakeExecution>> {
    const described = await Promise.all(
      [...new Set(arns)].map(async (executionArn) => {
        try {
          return execution(await this.client.send(new DescribeExecutionCommand({ executionArn })));
        } catch (error) {
          if (!(error instanceof ExecutionDoesNotExist)) this.logger.warn(`DescribeExecution ${executionArn} failed: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        }
      }),
    );
    return new Map(described.filter((e): e is LakeExecution => e !== undefined).map((e) => [e.executionArn, e]));
  }

  /** The machine of that name with its latest executions, newest first; undefined when it is not deployed (yet). */
  async stateMachine(name: string, limit = 10): Promise<LakeStateMachine | undefined> {
    const stateMachineArn = await this.machineArn(name);
    if (stateMachineArn === undefined) return undefined;
    const { executions = [] } = await this.client.send(new ListExecutionsCommand({ stateMachineArn, maxResults: limit }));
    return { name, stateMachineArn, executions: executions.map(execution) };
  }

  private async machineArn(name: string): Promise<string | undefined> {
    if (!this.machineArns.has(name)) {
      for await (const page of paginateListStateMachines({ client: this.client }, {})) for (const m of page.stateMachines ?? []) if (m.name && m.stateMachineArn) this.machineArns.set(m.name, m.stateMachineArn);
    }
    return this.machineArns.get(name);
  }
}
