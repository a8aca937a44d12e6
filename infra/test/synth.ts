// The app as `cdk synth` builds it, for the tests: one synthesis per test file, into a temp folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildPlatform, type PlatformStacks } from '../src/app.js';
import { DEFAULT_DEPLOYMENT, type Deployment } from '../src/deployment.js';

export const TEST_DEPLOYMENT: Deployment = { ...DEFAULT_DEPLOYMENT, stage: 'test', account: '123456789012', region: 'eu-west-1' };

export function testApp(deployment: Deployment = TEST_DEPLOYMENT): { app: App; stacks: PlatformStacks } {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'datamaster-cdk-')) });
  return { app, stacks: buildPlatform(app, deployment) };
}

/** CloudFormation JSON as the assertions library returns it: the tests read it by path and compare the values. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CfnJson = any;
