export { CloudAssemblyError, deploymentOrder, readCloudAssembly, type AssemblyStack, type FileAsset } from './cloud-assembly.js';
export { StackDeploymentError, deployCloudAssembly, type AwsApiEndpoint, type DeployOptions, type DeployedResource, type DeployedStack } from './deploy-cloud-assembly.js';

export { DeployedFunctionError, deployedFunction, objectCreatedEvent, type DeployedFunction } from './deployed-function.js';
export { EMULATED_STACKS, deployEmulatedPlatform, type AthenaQuerySent, type EmulatedPlatform, type IngestedObject } from './emulated-platform.js';
