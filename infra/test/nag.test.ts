import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { testApp } from './synth.js';

describe('cdk-nag (AwsSolutions)', () => {
  it('finds nothing unacknowledged in the whole app', () => {
    const { app } = testApp();
    expect(() => app.synth()).not.toThrow();
  });

  it('is live: a bucket without access logs or TLS enforcement fails the synth', () => {
    const { app } = testApp();
    new s3.Bucket(new Stack(app, 'Probe'), 'Careless');
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
  });
});
