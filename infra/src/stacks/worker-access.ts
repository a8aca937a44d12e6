// What an ingestion worker's role may touch, one grant per kind of access: exact resources only (object prefixes of
// the contract's layout, the ledger and each of its indexes by name, the two keys, the one secret), no action
// wildcards. Each function and task gets the grants its work needs and nothing more.
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { IConstruct } from 'constructs';
import { BRONZE_PREFIX, QUARANTINE_PREFIX, RAW_PREFIX, ledgerTableDefinition } from '@datamaster/lake-contract';
import { keyUse } from './key-use.js';
import { acknowledgeWildcardResources, bucketArnSeenFrom } from './nag-findings.js';

export interface IngestionResources {
  readonly rawBucket: s3.IBucket;
  readonly rawKey: kms.IKey;
  readonly lakeBucket: s3.IBucket;
  readonly lakeKey: kms.IKey;
  readonly ledger: dynamodb.ITable;
  readonly maskingKey: secretsmanager.ISecret;
}

const allow = (grantee: iam.IGrantable, actions: string[], resources: string[]) =>
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));

/** The role's policies hold the statements, and so the findings. */
const policyOwner = (grantee: iam.IGrantable) => grantee.grantPrincipal as unknown as IConstruct;

/** Objects under each prefix of `bucket`, as ARNs the grantee's stack reads (and cdk-nag renders). */
const objectsUnder = (grantee: iam.IGrantable, bucket: s3.IBucket, prefixes: readonly string[]) =>
  prefixes.map((prefix) => `${bucketArnSeenFrom(policyOwner(grantee), bucket)}/${prefix}*`);

/** Raw objects, read (registration's estimate, the bronze conversion): GetObject (and so HEAD) under raw/. */
export function grantRawRead(grantee: iam.IGrantable, { rawBucket, rawKey }: IngestionResources): void {
  const objects = objectsUnder(grantee, rawBucket, [RAW_PREFIX]);
  allow(grantee, ['s3:GetObject'], objects);
  acknowledgeWildcardResources(policyOwner(grantee), objects, 'Raw objects are keyed by table and arrival (raw/<table>/<name>): the grant covers the raw/ prefix, not the bucket.');
  allow(grantee, ['kms:Decrypt'], [rawKey.keyArn]);
}

/**
 * Bronze and quarantine objects, written: put (multipart for large ones, aborted on failure), read back (the
 * bronze object's etag for its silver work item) and deleted (a quarantine file that stayed empty).
 */
export function grantBronzeWrite(grantee: iam.IGrantable, { lakeBucket, lakeKey }: IngestionResources): void {
  const objects = objectsUnder(grantee, lakeBucket, [BRONZE_PREFIX, QUARANTINE_PREFIX]);
  allow(grantee, ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], objects);
  acknowledgeWildcardResources(
    policyOwner(grantee),
    objects,
    "Bronze and quarantine objects are keyed by table, ingest date and raw object: the grant covers those two prefixes of the lake bucket, not silver, gold or the warehouse.",
  );
  // SSE-KMS: a data key per object written, and decrypting it to read back or to complete a multipart upload.
  allow(grantee, ['kms:GenerateDataKey', 'kms:Decrypt'], [lakeKey.keyArn]);
}

/** The control ledger: the item operations ControlLedger makes, on the table and on each index the contract defines. */
export function grantLedgerReadWrite(grantee: iam.IGrantable, { ledger, lakeKey }: IngestionResources): void {
  const indexes = ledgerTableDefinition(ledger.tableName).GlobalSecondaryIndexes.map((index) => `${ledger.tableArn}/index/${index.IndexName}`);
  allow(grantee, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'], [ledger.tableArn, ...indexes]);
  // The table is encrypted with the lake key: DynamoDB uses it on the caller's behalf.
  grantee.grantPrincipal.addToPrincipalPolicy(keyUse(lakeKey));
}

/** The masking key's value, encrypted with the lake key. */
export function grantMaskingKeyRead(grantee: iam.IGrantable, { maskingKey, lakeKey }: IngestionResources): void {
  maskingKey.grantRead(grantee);
  allow(grantee, ['kms:Decrypt'], [lakeKey.keyArn]);
}
