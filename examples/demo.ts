// The fidelis demo: `npm run demo` (add `-- --store pglite:<dir>` to keep state between runs).
// Each capability has its section in examples/demo/; they run in order on one store.
import { parseArgs } from 'node:util';
import { openDemoStore } from './demo/store.js';

const { values } = parseArgs({
  options: { store: { type: 'string', default: 'memory' }, out: { type: 'string', default: 'demo-output' } },
});

const sections: Array<{ title: string; load: () => Promise<{ run: (ctx: DemoContext) => Promise<void> }> }> = [
  { title: 'Customer portfolio: who deserves which effort', load: () => import('./demo/portfolio.js') },
  { title: 'Points and bonus program: a customer statement', load: () => import('./demo/points.js') },
  { title: 'Coupons and promotions: a campaign', load: () => import('./demo/coupons.js') },
  { title: 'Contact timing: the car-purchase journey', load: () => import('./demo/calendar.js') },
  { title: 'Merchant statistics: the shop at a glance', load: () => import('./demo/statistics.js') },
];

/** What every demo section receives. */
export interface DemoContext {
  readonly store: Awaited<ReturnType<typeof openDemoStore>>;
  /** Folder for files the demo writes (SVG, .ics). */
  readonly outDir: string;
}

const store = await openDemoStore(values.store ?? 'memory');
try {
  for (const section of sections) {
    console.log(`\n━━━ ${section.title} ━━━\n`);
    const mod = await section.load();
    await mod.run({ store, outDir: values.out ?? 'demo-output' });
  }
} finally {
  await store.close();
}
