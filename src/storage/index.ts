export * from './contact-store.js';
export * from './coupon-store.js';
export * from './event-cursor.js';
export * from './event-store.js';
export * from './ledger-store.js';
export * from './memory-store.js';
export * from './segment-store.js';
export * from './store.js';
