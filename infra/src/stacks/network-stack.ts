// Private networking for everything that runs in a VPC (the ECS bronze task, EMR Serverless jobs, Aurora, DMS):
// isolated subnets with no route to the internet, and VPC endpoints for every AWS API the workers call, so no
// worker and no database is ever public (the original ran all of them in public subnets with 0.0.0.0/0 on 5432).
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { resourceName, type Deployment } from '../deployment.js';
import { logRetention } from './log-retention.js';

export interface NetworkStackProps extends StackProps {
  readonly deployment: Deployment;
}

/**
 * Interface endpoints, each for a reason: Glue (the Iceberg catalog), STS (assumed roles), Logs (every worker's
 * logs), ECR (pulling the ECS task's image: API and registry), Secrets Manager (the masking key), KMS (the buckets'
 * and the ledger's keys), Lake Formation (credential vending to EMR jobs). S3 and DynamoDB use gateway endpoints.
 */
const INTERFACE_ENDPOINTS = {
  Glue: ec2.InterfaceVpcEndpointAwsService.GLUE,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  LakeFormation: ec2.InterfaceVpcEndpointAwsService.LAKE_FORMATION,
} as const;

/** The isolated subnets Aurora and DMS run in, and those the workers run in. */
const DATABASE_SUBNETS = 'database';
const WORKER_SUBNETS = 'workers';

export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;
  /** For workers (ECS task, EMR jobs): no ingress; egress only to HTTPS inside the VPC (the endpoints). */
  readonly workerSecurityGroup: ec2.SecurityGroup;
  /** The interface endpoints are in the workers' subnets too. */
  readonly workerSubnets: ec2.SubnetSelection = { subnetGroupName: WORKER_SUBNETS };
  readonly databaseSubnets: ec2.SubnetSelection = { subnetGroupName: DATABASE_SUBNETS };
  /** The interface endpoints by name: another stack opens one to its own security group (DMS reads its secret). */
  readonly interfaceEndpoints: Readonly<Record<keyof typeof INTERFACE_ENDPOINTS, ec2.InterfaceVpcEndpoint>>;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { deployment } = props;
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { logGroupName: `/${resourceName(deployment, 'vpc')}/flow-logs`, retention: logRetention(deployment.logRetentionDays) });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      vpcName: resourceName(deployment, 'vpc'),
      ipAddresses: ec2.IpAddresses.cidr('10.40.0.0/16'),
      maxAzs: deployment.availabilityZones,
      natGateways: 0,
      subnetConfiguration: [
        { name: WORKER_SUBNETS, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 20 },
        { name: DATABASE_SUBNETS, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      flowLogs: { all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: ec2.FlowLogTrafficType.ALL } },
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
      },
    });
    this.workerSecurityGroup = new ec2.SecurityGroup(this, 'Workers', {
      vpc: this.vpc,
      securityGroupName: resourceName(deployment, 'workers'),
      description: 'Datamaster workers: no ingress, HTTPS to the VPC endpoints only',
      allowAllOutbound: false,
    });
    // The subnets have no route to the internet, so HTTPS anywhere reaches only the interface endpoints and the S3 and
    // DynamoDB gateway endpoints (whose prefix lists cannot be named offline).
    this.workerSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs through the VPC endpoints (isolated subnets: no other route)');
    const workerSubnets = this.vpc.selectSubnets(this.workerSubnets);
    const endpoint = (name: string, service: ec2.InterfaceVpcEndpointAwsService) => {
      // Reachable from the workers (and the groups other stacks open it to), not from everything in the VPC.
      const created = this.vpc.addInterfaceEndpoint(name, { service, subnets: workerSubnets, privateDnsEnabled: true, open: false });
      created.connections.allowDefaultPortFrom(this.workerSecurityGroup, 'Datamaster workers');
      return created;
    };
    // Same keys as INTERFACE_ENDPOINTS (Object.fromEntries cannot say so to the compiler).
    this.interfaceEndpoints = Object.fromEntries(Object.entries(INTERFACE_ENDPOINTS).map(([name, service]) => [name, endpoint(name, service)])) as NetworkStack['interfaceEndpoints'];
  }
}
