// The account-wide roles DMS looks up by name: dms-vpc-role (its network interfaces in our subnets) and
// dms-cloudwatch-logs-role (the replication's logs). Trusted by DMS alone: the original's dms-vpc-role could also
// assume a role in a foreign account.
import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** DMS finds each role by this exact name and expects this AWS managed policy on it. */
const SERVICE_ROLES = {
  Vpc: { roleName: 'dms-vpc-role', policy: 'AmazonDMSVPCManagementRole', what: 'network interfaces in the replication subnets' },
  CloudWatchLogs: { roleName: 'dms-cloudwatch-logs-role', policy: 'AmazonDMSCloudWatchLogsRole', what: 'replication logs in CloudWatch Logs' },
} as const;

export class DmsServiceRoles extends Construct {
  /** The subnet group cannot be created before this role exists. */
  readonly vpcRole: iam.Role;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [vpcRole] = Object.entries(SERVICE_ROLES).map(([roleId, { roleName, policy, what }]) => {
      const role = new iam.Role(this, roleId, {
        roleName,
        description: `AWS DMS: ${what}`,
        assumedBy: new iam.ServicePrincipal('dms.amazonaws.com'),
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(`service-role/${policy}`)],
      });
      Validations.of(role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`,
        reason: `DMS requires its role ${roleName} to carry the AWS managed policy ${policy}, which AWS keeps in step with what DMS calls; only DMS can assume the role.`,
      });
      return role;
    });
    this.vpcRole = vpcRole as iam.Role;
  }
}
