import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Reading and writing what a KMS key encrypts (S3 objects, DynamoDB items) with the exact actions needed, where the
 * L2 grants would add wildcard families (GenerateDataKey*, ReEncrypt*).
 */
export function keyUse(key: kms.IKey): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'], resources: [key.keyArn] });
}
