export * from './api.js';
export * from './client.js';
export * from './credentials.js';
export * from './errors.js';
export * from './lb-health.js';
export * from './quota.js';
export * from './routers.js';
export * from './rows.js';
