export * from './backtest-report.js';
export * from './backtest-program.js';
