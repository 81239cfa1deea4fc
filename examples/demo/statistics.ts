// Merchant statistics: what the shop's ledgers and coupons say about the first 15 months, as
// figures and as a one-page SVG dashboard (merchant-dashboard.svg next to portfolio.svg).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLoyaltyEngine, merchantDashboardSvg } from '../../src/index.js';
import type { DemoContext } from '../demo.js';
import { program } from './points.js';

/** Run the section: print the statistics of January 2026 – March 2027 and write the dashboard. */
export async function run(ctx: DemoContext): Promise<void> {
  const engine = createLoyaltyEngine({ store: ctx.store, programs: [program] });
  const s = await engine.merchantStatistics({ from: new Date('2026-01-01T00:00:00+01:00'), until: new Date('2027-04-01T00:00:00+02:00') });
  console.log(`Members: ${s.members.total} with a ledger, ${s.members.active} active in the period, ${s.members.new} new.`);
  console.log('\n  month     issued  burned  expired  reversed   total');
  for (const m of s.months) {
    if (m.issued.total === 0 && m.burned === 0 && m.expired === 0 && m.reversed === 0) continue;
    console.log(`  ${m.month}  ${[m.issued.total, m.burned, m.expired, m.reversed, m.totalAtEnd].map((v) => String(v).padStart(7)).join(' ')}`);
  }
  console.log(`\nRedemption rate ${s.redemption.value ?? 'n/a'} (${s.redemption.numerator} of ${s.redemption.denominator} points issued were redeemed); breakage ${s.breakage.value ?? 'n/a'}.`);
  for (const c of s.coupons) console.log(`Campaign ${c.campaign}: ${c.issued + c.sharedCodes} code(s), ${c.redeemers} redeemer(s), ${c.redeemed} use(s).`);
  await mkdir(ctx.outDir, { recursive: true });
  const file = join(ctx.outDir, 'merchant-dashboard.svg');
  await writeFile(file, merchantDashboardSvg(s, { title: 'Thé & Co Club — January 2026 to March 2027' }));
  console.log(`\nDashboard written to ${file}.`);
}
