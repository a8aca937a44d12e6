import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from './synth.js';

let template: Template;
beforeAll(() => {
  const { stacks } = testApp();
  template = Template.fromStack(stacks.network);
});

describe('the network stack', () => {
  it('has no way to or from the internet: no internet or NAT gateway, no public IPs', () => {
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    for (const subnet of Object.values(template.findResources('AWS::EC2::Subnet'))) expect(subnet['Properties']['MapPublicIpOnLaunch']).toBe(false);
    template.resourceCountIs('AWS::EC2::Subnet', 4);
  });

  it('reaches every AWS API the workers call through VPC endpoints', () => {
    const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).map((e) => JSON.stringify(e['Properties']['ServiceName']));
    for (const service of ['.s3', '.dynamodb', '.glue', '.sts', '.logs', '.ecr.api', '.ecr.dkr', '.secretsmanager', '.kms', '.lakeformation']) {
      expect(endpoints.filter((name) => name.includes(`${service}"`) || name.includes(`${service}`)), service).not.toHaveLength(0);
    }
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 10);
  });

  it('opens the interface endpoints to the workers only, and lets the workers out on HTTPS only', () => {
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r['Properties']);
    expect(ingress).toHaveLength(8);
    for (const rule of ingress) {
      expect(rule).toMatchObject({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^Workers/), 'GroupId'] } });
      expect(rule['CidrIp']).toBeUndefined();
    }
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupName: 'datamaster-test-workers',
      SecurityGroupEgress: [Match.objectLike({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })],
    });
  });

  it('logs every flow', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
  });
});
