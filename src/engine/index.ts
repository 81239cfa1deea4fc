export * from './contacts.js';
export * from './context.js';
export * from './coupons.js';
export * from './loyalty-engine.js';
export * from './points.js';
