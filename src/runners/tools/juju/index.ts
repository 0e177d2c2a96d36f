export * from './action-parse.js';
export * from './argv.js';
export * from './client.js';
export * from './errors.js';
export * from './status-guidance.js';
export * from './status-parse.js';
export * from './version.js';
export * from './wait-for.js';
