import { RemovalPolicy } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Deployment } from '../deployment.js';

/** The CloudWatch Logs retention closest to, and not shorter than, the days asked for (Logs accepts only some values). */
export function logRetention(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays).filter((v): v is RetentionDays => typeof v === 'number' && v > 0).sort((a, b) => a - b);
  return allowed.find((value) => value >= days) ?? RetentionDays.INFINITE;
}

/**
 * A log group a service writes to under a name of its own (/aws/lambda/<function>, /aws/rds/cluster/<id>/…), kept
 * for the deployment's retention. It goes with its stack: a retained one would make the next deploy of that stack
 * fail on a name that already exists.
 */
export function namedLogGroup(scope: Construct, id: string, logGroupName: string, deployment: Pick<Deployment, 'logRetentionDays'>): LogGroup {
  return new LogGroup(scope, id, { logGroupName, retention: logRetention(deployment.logRetentionDays), removalPolicy: RemovalPolicy.DESTROY });
}
