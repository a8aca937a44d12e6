// Where a command runs: the embedded local platform (the lake home), or a deployment on AWS named by its stage.
import { STAGE_PATTERN } from '@datamaster/lake-contract/deployment';

export type PlatformTarget = { readonly kind: 'local' } | { readonly kind: 'aws'; readonly stage: string };

export const LOCAL_TARGET: PlatformTarget = { kind: 'local' };
/** The stage `--target aws` means: the CDK app's default (infra/cdk.json). */
export const DEFAULT_STAGE = 'dev';

export class InvalidTargetError extends Error {
  override readonly name = 'InvalidTargetError';
}

/** `local`, `aws` (stage dev) or `aws:<stage>`. */
export function parseTarget(text: string): PlatformTarget {
  if (text === 'local') return LOCAL_TARGET;
  const aws = /^aws(?::(.*))?$/.exec(text);
  const stage = aws?.[1] ?? DEFAULT_STAGE;
  if (aws === null || !STAGE_PATTERN.test(stage)) {
    throw new InvalidTargetError(`"${text}" is not a target: use local (the lake home), aws (stage ${DEFAULT_STAGE}) or aws:<stage>, where a stage is 2–15 lowercase letters, digits and dashes, as deployed with -c stage=<stage>.`);
  }
  return { kind: 'aws', stage };
}
