/** Evidence for the lab's checkpoints: the load-balancer probe and the pictures. */

export * from './checkpoints/index.js';
export * from './errors.js';
export * from './probe/index.js';
export * from './render/index.js';
