export { CloudAssemblyError, deploymentOrder, readCloudAssembly, type AssemblyStack, type FileAsset } from './cloud-assembly.js';
export { StackDeploymentError, deployCloudAssembly, type AwsApiEndpoint, type DeployOptions, type DeployedResource, type DeployedStack } from './deploy-cloud-assembly.js';

