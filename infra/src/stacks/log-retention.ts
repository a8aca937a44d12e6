import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** The CloudWatch Logs retention closest to, and not shorter than, the days asked for (Logs accepts only some values). */
export function logRetention(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays).filter((v): v is RetentionDays => typeof v === 'number' && v > 0).sort((a, b) => a - b);
  return allowed.find((value) => value >= days) ?? RetentionDays.INFINITE;
}
