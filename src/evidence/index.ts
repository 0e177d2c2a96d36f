/** Evidence for the lab's checkpoints: the load-balancer probe and the pictures. */
export * from './errors.js';
export * from './probe/index.js';
export * from './render/index.js';
export * from './checkpoints/index.js';
