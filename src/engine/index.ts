export * from './context.js';
export * from './loyalty-engine.js';
