// A synthesized CDK app (`cdk synth`'s cloud assembly): its stacks, their order and their file assets, read from
// manifest.json and the asset manifests, as `cdk deploy` reads them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const stackArtifact = z.object({
  type: z.literal('aws:cloudformation:stack'),
  environment: z.string(),
  properties: z.object({ templateFile: z.string(), stackName: z.string().optional(), bootstrapStackVersionSsmParameter: z.string().optional(), requiresBootstrapStackVersion: z.number().optional() }),
  dependencies: z.array(z.string()).default([]),
});
const assetManifestArtifact = z.object({ type: z.literal('cdk:asset-manifest'), properties: z.object({ file: z.string() }) });
const assemblyManifest = z.object({ artifacts: z.record(z.string(), z.looseObject({ type: z.string() })) });

const fileAsset = z.object({
  source: z.object({ path: z.string(), packaging: z.enum(['file', 'zip']).default('file') }),
  destinations: z.record(z.string(), z.object({ bucketName: z.string(), objectKey: z.string() })),
});
const assetManifest = z.object({ files: z.record(z.string(), fileAsset).default({}), dockerImages: z.record(z.string(), z.unknown()).default({}) });

export interface FileAsset {
  /** Absolute path of the file or folder (a folder is published as a zip). */
  readonly path: string;
  readonly packaging: 'file' | 'zip';
  /** Bucket and key, with `${AWS::AccountId}`-style placeholders as the manifest has them. */
  readonly destinations: readonly { readonly bucketName: string; readonly objectKey: string }[];
}

export interface AssemblyStack {
  /** The artifact id (the construct id, e.g. `Ingestion`). */
  readonly id: string;
  readonly stackName: string;
  readonly region: string | undefined;
  readonly template: string;
  /** Ids of the stacks deployed before this one. */
  readonly dependsOn: readonly string[];
  readonly fileAssets: readonly FileAsset[];
  /** How many container images it builds; an emulator without a registry does not get them. */
  readonly containerImages: number;
  readonly bootstrapVersionParameter: string | undefined;
  readonly bootstrapVersion: number | undefined;
}

export class CloudAssemblyError extends Error {
  override readonly name = 'CloudAssemblyError';
}

function parsed<T extends z.ZodTypeAny>(schema: T, file: string): z.infer<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CloudAssemblyError(`${file} cannot be read (${(error as Error).message}): synthesize the app first (npx nx run infra:synth).`);
  }
  const result = schema.safeParse(JSON.parse(text));
  if (!result.success) throw new CloudAssemblyError(`${file} is not a cloud assembly file this reader knows: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data as z.infer<T>;
}

/** The stacks of the cloud assembly in `directory`, by artifact id. */
export function readCloudAssembly(directory: string): ReadonlyMap<string, AssemblyStack> {
  const manifest = parsed(assemblyManifest, join(directory, 'manifest.json'));
  const assetFiles = new Map<string, string>();
  for (const [id, artifact] of Object.entries(manifest.artifacts)) {
    if (artifact.type === 'cdk:asset-manifest') assetFiles.set(id, assetManifestArtifact.parse(artifact).properties.file);
  }
  const stacks = new Map<string, AssemblyStack>();
  for (const [id, artifact] of Object.entries(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const stack = stackArtifact.parse(artifact);
    const fileAssets: FileAsset[] = [];
    let containerImages = 0;
    for (const dependency of stack.dependencies.filter((d) => assetFiles.has(d))) {
      const assets = parsed(assetManifest, join(directory, assetFiles.get(dependency) as string));
      containerImages += Object.keys(assets.dockerImages).length;
      for (const asset of Object.values(assets.files)) {
        fileAssets.push({ path: join(directory, asset.source.path), packaging: asset.source.packaging, destinations: Object.values(asset.destinations) });
      }
    }
    stacks.set(id, {
      id,
      stackName: stack.properties.stackName ?? id,
      region: /^aws:\/\/[^/]+\/(.+)$/.exec(stack.environment)?.[1]?.replace('unknown-region', '') || undefined,
      template: readFileSync(join(directory, stack.properties.templateFile), 'utf8'),
      dependsOn: stack.dependencies.filter((d) => !assetFiles.has(d)),
      fileAssets,
      containerImages,
      bootstrapVersionParameter: stack.properties.bootstrapStackVersionSsmParameter,
      bootstrapVersion: stack.properties.requiresBootstrapStackVersion,
    });
  }
  return stacks;
}

/** `wanted` and nothing else, each after the stacks it depends on; an error names a dependency left out. */
export function deploymentOrder(stacks: ReadonlyMap<string, AssemblyStack>, wanted: readonly string[]): AssemblyStack[] {
  const unknown = wanted.filter((id) => !stacks.has(id));
  if (unknown.length > 0) throw new CloudAssemblyError(`The assembly has no stack ${unknown.join(', ')}; it has ${[...stacks.keys()].join(', ')}.`);
  const order: AssemblyStack[] = [];
  const visit = (id: string, path: readonly string[]) => {
    if (order.some((s) => s.id === id)) return;
    if (path.includes(id)) throw new CloudAssemblyError(`Stacks depend on each other in a cycle: ${[...path, id].join(' → ')}.`);
    const stack = stacks.get(id) as AssemblyStack;
    for (const dependency of stack.dependsOn) {
      if (!wanted.includes(dependency)) throw new CloudAssemblyError(`${id} depends on ${dependency}, which is not among the stacks to deploy (${wanted.join(', ')}): add it.`);
      visit(dependency, [...path, id]);
    }
    order.push(stack);
  };
  for (const id of wanted) visit(id, []);
  return order;
}
