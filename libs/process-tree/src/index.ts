export { processTree, readProcess, type ProcessFigures, type ProcessTreeOptions } from './process-tree.js';
export { sampleEvery, type Sampling } from './sample-every.js';
