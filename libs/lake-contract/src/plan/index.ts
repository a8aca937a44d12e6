export type { ChangeClass, ChangeKind, ManifestChange, ManifestPlan } from './plan-model.js';
export { planManifestChange } from './manifest-plan.js';
