// The platform's keys: one KMS key for raw (what arrives, PII in clear) and one for the lake (bronze, silver, gold,
// the ledger), both rotated yearly; and the masking key the bronze workers tokenize PII with, in Secrets Manager,
// encrypted with the lake key. The original encrypted one bucket with KMS and left the rest on defaults.
import { RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { resourceName, type Deployment } from '../deployment.js';

export interface SecurityStackProps extends StackProps {
  readonly deployment: Deployment;
}

export class SecurityStack extends Stack {
  readonly rawKey: kms.Key;
  readonly lakeKey: kms.Key;
  readonly maskingKey: secretsmanager.Secret;
  /** The masking key's name, a plain string: other stacks refer to the secret by it, not by a reference to this one. */
  readonly maskingKeyName: string;

  constructor(scope: Construct, id: string, props: SecurityStackProps) {
    super(scope, id, props);
    const { deployment } = props;
    // Keys outlive the stack: data encrypted with a deleted key is lost.
    this.rawKey = new kms.Key(this, 'RawKey', {
      alias: `alias/${resourceName(deployment, 'raw')}`,
      description: 'Datamaster raw objects (batch extracts and CDC deliveries, PII in clear)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.lakeKey = new kms.Key(this, 'LakeKey', {
      alias: `alias/${resourceName(deployment, 'lake')}`,
      description: 'Datamaster lake: bronze, silver and gold data, the control ledger, the masking key',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // 64 letters and digits are valid base64 for 48 bytes: the workers decode the secret as base64 and need at least 32.
    this.maskingKeyName = resourceName(deployment, 'masking-key');
    this.maskingKey = new secretsmanager.Secret(this, 'MaskingKey', {
      secretName: this.maskingKeyName,
      description: 'Key the bronze workers tokenize PII columns with (HMAC); changing it changes every token',
      encryptionKey: this.lakeKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.maskingKey).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'The masking key is not a credential: bronze tokens are HMACs under it, and silver joins and deduplicates on them. Rotating it silently would split every masked value in two. It is changed deliberately with `datamaster apply --rewrite-pii`, which re-tokenizes bronze and rebuilds silver.',
    });
  }
}
