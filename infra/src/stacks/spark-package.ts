// The Spark package EMR Serverless runs: `nx run spark:package`'s dist/spark (the entry point, and the package it
// imports with --py-files), never spark/'s sources. infra:synth and infra:test build it first (infra/project.json).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import type { Construct } from 'constructs';

export class MissingSparkPackageError extends Error {
  override readonly name = 'MissingSparkPackageError';
}

function packaged(file: string): string {
  const path = fileURLToPath(new URL(`../../../dist/spark/${file}`, import.meta.url));
  if (!existsSync(path)) throw new MissingSparkPackageError(`The Spark package file ${path} does not exist: build it with \`npx nx run spark:package\` (infra:synth and infra:test build it first).`);
  return path;
}

/** Both files as S3 assets: uploaded by the deployment, named in the job runs by their s3:// URLs. */
export function sparkPackageAssets(scope: Construct): { readonly entryPoint: s3assets.Asset; readonly modules: s3assets.Asset } {
  return {
    entryPoint: new s3assets.Asset(scope, 'SparkEntryPoint', { path: packaged('main.py') }),
    modules: new s3assets.Asset(scope, 'SparkPackage', { path: packaged('datamaster_spark.zip') }),
  };
}
