/** The guide's six checkpoints: manifests, collectors, criteria, reports and the per-team record. */
export * from './collectors.js';
export * from './facts.js';
export type * from './lab-port.js';
export { publishedPort } from './manifests/cp2-docker.js';
export { GUIDE_REPLICAS } from './manifests/cp3-kubernetes.js';
export { V1_ANSWER, withoutHost } from './manifests/cp5-modified.js';
export { resilienceVerdict } from './manifests/cp6-resilience.js';
export { manifestOf, manifests } from './manifests/index.js';
export * from './page-answer.js';
export * from './progress-table.js';
export * from './report-html.js';
export * from './report-md.js';
export * from './run-checkpoint.js';
export * from './store.js';
export type * from './types.js';
export * from './wildcard-dns.js';
