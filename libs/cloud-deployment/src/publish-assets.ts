// What `cdk deploy` publishes before a stack: its file assets (templates, Lambda code, zipped folders) into the
// bootstrap bucket, under the keys the template names.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { zipSync, type Zippable } from 'fflate';
import type { FileAsset } from './cloud-assembly.js';

export interface AssetPlaceholders {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

/** `${AWS::AccountId}`, `${AWS::Region}` and `${AWS::Partition}` in a destination, filled in. */
export function fillPlaceholders(text: string, values: AssetPlaceholders): string {
  return text.replaceAll('${AWS::AccountId}', values.account).replaceAll('${AWS::Region}', values.region).replaceAll('${AWS::Partition}', values.partition);
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The folder as a zip archive, paths relative to it, as the CDK CLI packages a folder asset. */
export function zipFolder(folder: string): Uint8Array {
  const entries: Zippable = {};
  for (const file of filesUnder(folder).sort()) entries[relative(folder, file).split(sep).join('/')] = readFileSync(file);
  return zipSync(entries);
}

/** Publishes every asset to every destination, creating a missing bucket (an emulator has no bootstrap stack). */
export async function publishFileAssets(s3: S3Client, assets: readonly FileAsset[], placeholders: AssetPlaceholders): Promise<number> {
  const buckets = new Set<string>();
  let published = 0;
  for (const asset of assets) {
    const body = asset.packaging === 'zip' ? zipFolder(asset.path) : readFileSync(asset.path);
    for (const destination of asset.destinations) {
      const bucket = fillPlaceholders(destination.bucketName, placeholders);
      if (!buckets.has(bucket)) {
        await s3.send(new HeadBucketCommand({ Bucket: bucket })).catch(() => s3.send(new CreateBucketCommand({ Bucket: bucket })));
        buckets.add(bucket);
      }
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: fillPlaceholders(destination.objectKey, placeholders), Body: body }));
      published += 1;
    }
  }
  return published;
}
