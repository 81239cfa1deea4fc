import { minorUnitsToDecimal } from './src/core/money.js';
const time = (label: string, f: () => void) => { for (let i = 0; i < 500; i++) f(); const n = 20000; const t = process.cpuUsage(); for (let i = 0; i < n; i++) f(); const u = process.cpuUsage(t); console.log(label, ((u.user + u.system) / n).toFixed(3), 'us cpu'); };
time('60 formats', () => { for (let i = 0; i < 60; i++) minorUnitsToDecimal(1234 + i, 2); });
const fmt = (m: number) => { const s = String(m); return s.length > 2 ? s.slice(0, -2) + '.' + s.slice(-2) : (m / 100).toFixed(2); };
time('60 fast formats', () => { for (let i = 0; i < 60; i++) fmt(1234 + i); });
