export * from './adjust.js';
export * from './balance.js';
export * from './burn.js';
export * from './entry.js';
export * from './maintenance.js';
export * from './reversal.js';
export * from './state.js';
export * from './order-context.js';
