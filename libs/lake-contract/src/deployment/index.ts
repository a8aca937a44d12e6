// How a deployment on AWS is named and found: its stacks and their outputs, and the cost data the dashboards read.
export * from './platform-stacks.js';
export * from './cost-and-usage.js';
