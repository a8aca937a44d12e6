// `cdk synth` runs this (infra/cdk.json): the platform's stacks for the deployment the context describes.
import { App } from 'aws-cdk-lib';
import { buildPlatform } from '../src/app.js';
import { deploymentFromContext } from '../src/deployment.js';

const app = new App();
buildPlatform(app, deploymentFromContext(app));
app.synth();
