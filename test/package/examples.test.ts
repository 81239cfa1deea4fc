// Every script in examples/ runs as written (the demo has its own CI step).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scripts = readdirSync(`${root}examples`).filter((f) => f.endsWith('.ts') && f !== 'demo.ts');

describe('examples/', () => {
  it('has examples', () => {
    expect(scripts.length).toBeGreaterThan(0);
  });
  for (const script of scripts) {
    it(`${script} runs`, () => {
      const out = execFileSync(process.execPath, ['--import', 'tsx', `examples/${script}`], { cwd: root, encoding: 'utf8' });
      expect(out.length).toBeGreaterThan(0);
    });
  }
  it('the coupons guide\'s checkout prints what its comments say', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/checkout.ts'], { cwd: root, encoding: 'utf8' });
    expect(out.trim().split('\n')).toEqual([
      'to pay: 17.00 EUR (tea-3for2, welcome-5)',
      'retried: 17.00 EUR',
      'earned: 17 points',
      'returned: 2 points back; tea-3for2 committed, welcome-5 committed',
    ]);
  });

  it('the README Money example prints what its comments say', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/money.ts'], { cwd: root, encoding: 'utf8' });
    expect(out).toMatch(/'6,67\s€', '1,67\s€', '1,66\s€'/); // de-DE puts a no-break space before €
    expect(out).toContain('334 JPY, 333 JPY, 333 JPY');
  });
});
