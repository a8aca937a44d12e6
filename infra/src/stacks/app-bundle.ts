// Lambda code is an app's built bundle (its `build` target's dist folder), never its sources: the bundle its own tests
// ran. infra:synth and infra:test build those apps first (infra/project.json), so a missing bundle means a build was
// skipped, and synth stops rather than deploying stale or no code.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** Every Node.js Lambda's runtime: the newest that every region offers (the bundles target Node 20, the repo's floor). */
export const NODE_LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** The bundle's entry point; the Lambda handler is its `handler` export. */
const ENTRY = 'index.mjs';
export const BUNDLE_HANDLER = 'index.handler';

export class MissingAppBundleError extends Error {
  override readonly name = 'MissingAppBundleError';
}

/** The dist folder of apps/<app> as Lambda code. */
export function appBundle(app: string): lambda.Code {
  const dist = fileURLToPath(new URL(`../../../apps/${app}/dist`, import.meta.url));
  if (!existsSync(join(dist, ENTRY))) {
    throw new MissingAppBundleError(`The ${app} bundle ${join(dist, ENTRY)} does not exist: build it with \`npx nx run ${app}:build\` (infra:synth and infra:test build it first).`);
  }
  return lambda.Code.fromAsset(dist);
}
