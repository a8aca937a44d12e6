import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudAssemblyError, deploymentOrder, readCloudAssembly } from './cloud-assembly.js';
import { fillPlaceholders, zipFolder } from './publish-assets.js';

let dir: string;
const stack = (dependencies: string[]) => ({ type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/eu-west-1', properties: { templateFile: 'T.json', stackName: 'dm-x' }, dependencies });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloud-assembly-'));
  writeFileSync(join(dir, 'T.json'), '{"Resources":{}}');
  writeFileSync(join(dir, 'Code.assets.json'), JSON.stringify({ files: { a: { source: { path: 'asset.a', packaging: 'zip' }, destinations: { d: { bucketName: 'cdk-${AWS::AccountId}-${AWS::Region}', objectKey: 'a.zip' } } } }, dockerImages: { i: {} } }));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ artifacts: { 'Code.assets': { type: 'cdk:asset-manifest', properties: { file: 'Code.assets.json' } }, Base: stack([]), Code: stack(['Base', 'Code.assets']), Top: stack(['Code']), Tree: { type: 'cdk:tree' } } }),
  );
  mkdirSync(join(dir, 'asset.a', 'chunks'), { recursive: true });
  writeFileSync(join(dir, 'asset.a', 'index.mjs'), 'export const handler = 1;');
  writeFileSync(join(dir, 'asset.a', 'chunks', 'c.mjs'), 'export {};');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a cloud assembly', () => {
  it('lists its stacks with their region, the stacks before them and their assets', () => {
    const stacks = readCloudAssembly(dir);
    expect([...stacks.keys()]).toEqual(['Base', 'Code', 'Top']);
    expect(stacks.get('Code')).toMatchObject({ region: 'eu-west-1', dependsOn: ['Base'], containerImages: 1, fileAssets: [{ path: join(dir, 'asset.a'), packaging: 'zip' }] });
  });

  it('orders the stacks to deploy after what they depend on, and names a dependency left out', () => {
    const stacks = readCloudAssembly(dir);
    expect(deploymentOrder(stacks, ['Top', 'Code', 'Base']).map((s) => s.id)).toEqual(['Base', 'Code', 'Top']);
    expect(() => deploymentOrder(stacks, ['Code'])).toThrow('Code depends on Base, which is not among the stacks to deploy (Code): add it.');
    expect(() => deploymentOrder(stacks, ['Nope'])).toThrow(CloudAssemblyError);
  });

  it('says to synthesize when there is no assembly', () => {
    expect(() => readCloudAssembly(join(dir, 'missing'))).toThrow(/manifest\.json cannot be read .*npx nx run infra:synth/);
  });

  it('zips a folder asset with paths relative to it, and fills in account and region', () => {
    expect(Object.keys(unzipSync(zipFolder(join(dir, 'asset.a')))).sort()).toEqual(['chunks/c.mjs', 'index.mjs']);
    expect(fillPlaceholders('cdk-${AWS::AccountId}-${AWS::Region}', { account: '1', region: 'r', partition: 'aws' })).toBe('cdk-1-r');
  });
});
