// s3://bucket/key locations, as Iceberg writes them into metadata. s3a:// and s3n:// (Hadoop's schemes, found in
// tables Spark wrote) address the same objects, as Iceberg's own S3FileIO reads them.
import { UnsupportedLocationError } from '../errors.js';

export interface S3Location {
  readonly scheme: 's3' | 's3a' | 's3n';
  readonly bucket: string;
  /** "" for the whole bucket. */
  readonly key: string;
}

const S3_LOCATION = /^(s3|s3a|s3n):\/\/([^/]+)(?:\/(.*))?$/;

export function parseS3Location(location: string): S3Location {
  const match = S3_LOCATION.exec(location);
  if (match === null) throw unsupported(location);
  return { scheme: match[1] as S3Location['scheme'], bucket: match[2] ?? '', key: match[3] ?? '' };
}

/** The bucket and key of one object: the key may not be empty. */
export function s3Object(location: string): { Bucket: string; Key: string } {
  const { bucket, key } = parseS3Location(location);
  if (key === '') throw unsupported(location);
  return { Bucket: bucket, Key: key };
}

const unsupported = (location: string) => new UnsupportedLocationError(location, 'S3FileIO', 's3://<bucket>/<key> (or s3a://, s3n://)');
