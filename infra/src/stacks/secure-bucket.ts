import * as s3 from 'aws-cdk-lib/aws-s3';

/** What every bucket of the platform has: TLS 1.2 or later only, no public access, objects owned by the bucket owner. */
export const SECURE_BUCKET: Pick<s3.BucketProps, 'blockPublicAccess' | 'enforceSSL' | 'minimumTLSVersion' | 'objectOwnership'> = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
};

/** A bucket's server access logs, delivered to the logs bucket under s3/<name>/. */
export function accessLogsInto(logsBucket: s3.IBucket, name: string): Pick<s3.BucketProps, 'serverAccessLogsBucket' | 'serverAccessLogsPrefix'> {
  return { serverAccessLogsBucket: logsBucket, serverAccessLogsPrefix: `s3/${name}/` };
}
