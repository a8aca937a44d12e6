// Naming cdk-nag findings whose id holds a resource (AwsSolutions-IAM5[Resource::…]): cdk-nag prints the resource as
// its own `flattenCfnReference` renders the resolved CloudFormation value, so the acknowledgement is built with the
// same function (cdk-nag is pinned at 3.0.2) rather than by copying a rendered string that changes with the stage.
import { Stack, Validations } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * A bucket's ARN as `scope`'s stack will read it. From another stack that is an import of the owner's export, which
 * synthesis would create anyway; asking for it now lets a finding about an ARN built on it be named before synthesis.
 */
export function bucketArnSeenFrom(scope: IConstruct, bucket: s3.IBucket): string {
  const owner = Stack.of(bucket);
  return owner === Stack.of(scope) ? bucket.bucketArn : owner.exportValue(bucket.bucketArn);
}

/** Acknowledges the wildcard-resource finding (AwsSolutions-IAM5) of each of `resources` in `policyOwner`'s policies. */
export function acknowledgeWildcardResources(policyOwner: IConstruct, resources: readonly string[], reason: string): void {
  for (const resource of resources) {
    const rendered = flattenCfnReference(Stack.of(policyOwner).resolve(resource));
    Validations.of(policyOwner).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[Resource::${rendered}]`, reason });
  }
}
