// Lambda code is an app's built bundle (its `build` target's dist folder), never its sources: the bundle its own tests
// ran. infra:synth and infra:test build those apps first (infra/project.json), so a missing bundle means a build was
// skipped, and synth stops rather than deploying stale or no code.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** Every Node.js Lambda's runtime: the newest that every region offers (the bundles target Node 20, the repo's floor). */
export const NODE_LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** The bundle's entry point; the Lambda handler is its `handler` export. */
const ENTRY = 'index.mjs';
export const BUNDLE_HANDLER = 'index.handler';

export class MissingAppBundleError extends Error {
  override readonly name = 'MissingAppBundleError';
}

/**
 * The dist folder of apps/<app>, once each of `entries` is in it: Lambda code, or a container image's build context
 * (the bronze worker's holds its Dockerfile).
 */
export function appBundleFolder(app: string, entries: readonly string[] = [ENTRY]): string {
  const dist = fileURLToPath(new URL(`../../../apps/${app}/dist`, import.meta.url));
  const missing = entries.filter((entry) => !existsSync(join(dist, entry)));
  if (missing.length > 0) {
    throw new MissingAppBundleError(`The ${app} bundle in ${dist} lacks ${missing.join(', ')}: build it with \`npx nx run ${app}:build\` (infra:synth and infra:test build it first).`);
  }
  return dist;
}

/** Files of a bundle that nothing reads at run time. */
export const SOURCE_MAPS = ['**/*.map'];

/** The dist folder of apps/<app> as Lambda code, without source maps (nothing reads them on Lambda); `entry`: a bundle with several. */
export function appBundle(app: string, entry = ENTRY): lambda.Code {
  return lambda.Code.fromAsset(appBundleFolder(app, [entry]), { exclude: SOURCE_MAPS });
}

/** cdk-nag's AwsSolutions-L1 on a function of NODE_LAMBDA_RUNTIME, which CDK's newest Node.js runtime is not. */
export function acknowledgeNodeRuntime(fn: lambda.Function): void {
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions::AwsSolutions-L1',
    reason: `${NODE_LAMBDA_RUNTIME.name} is the newest Node.js runtime in every region (CDK's NODEJS_LATEST; a newer one is offered in some regions only), supported into 2028; the bundle targets Node 20, the platform's floor.`,
  });
}
