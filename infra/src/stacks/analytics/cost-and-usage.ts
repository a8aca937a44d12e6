// Where a deployment's CUR 2.0 data lives. The columns, table and partition names are the contract's (the dashboards
// query them too); the bucket's name needs the account, which only a stack knows.
import { Aws } from 'aws-cdk-lib';
import { CUR_PREFIX } from '@datamaster/lake-contract';
import { resourceName, type Deployment } from '../../deployment.js';

/** Where a deployment's cost and usage data lives, named without a cross-region reference: both stacks derive it. */
export interface CostAndUsageLocation {
  readonly bucketName: string;
  readonly exportName: string;
  /** <CUR_PREFIX>/<export name>/data/: the partitions' parent, the Glue table's location. */
  readonly dataPrefix: string;
}

/**
 * The bucket is named by stage and account (bucket names are global), because Data Exports runs only in us-east-1:
 * the export's stack and the analytics stack live in different regions and cannot pass a bucket reference.
 */
export function costAndUsageLocation(deployment: Pick<Deployment, 'stage'>): CostAndUsageLocation {
  const exportName = resourceName(deployment, 'cur');
  return { bucketName: `${resourceName(deployment, 'costs')}-${Aws.ACCOUNT_ID}`, exportName, dataPrefix: `${CUR_PREFIX}/${exportName}/data/` };
}
