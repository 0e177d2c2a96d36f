export * from './client.js';
export * from './errors.js';
export * from './lb-ingress.js';
export * from './manifests.js';
export * from './pod-problems.js';
export * from './rollout-verdict.js';
export * from './summary.js';
export * from './undo.js';
