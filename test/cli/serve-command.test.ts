// `fidelis serve` and `fidelis keys create`: the demo service starts and answers /healthz (a
// real process, stopped with SIGTERM); a bad configuration is refused at start naming the file
// and the field; a created key is printed once with the record that accepts it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { apiKeyring } from '../../src/http/api-keys.js';
import { runCli } from '../../src/cli/run.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function capture() {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void) => new Writable({ write: (chunk, _e, done) => { add(String(chunk)); done(); } });
  return { io: { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) }, out: () => out, err: () => err };
}

let child: ChildProcess | undefined;
afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

describe('fidelis serve', () => {
  it('--demo starts on a free port, answers /healthz and the demo key, and stops on SIGTERM', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--demo', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const started = await new Promise<{ port: number; key: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${out}`)), 60_000);
      child!.stdout!.on('data', (chunk) => {
        out += String(chunk);
        const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
        const key = /demo API key .*: (fk_demo_\S+)/.exec(out)?.[1];
        if (port !== undefined && key !== undefined) {
          clearTimeout(timer);
          resolve({ port: Number(port), key });
        }
      });
      child!.on('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
    });
    const health = await fetch(`http://127.0.0.1:${started.port}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    // the demo shop's tea 3-for-2: three teas at 12.50, the third free
    const cart = { currency: 'EUR', lines: [{ id: 'l1', sku: 'SENCHA', quantity: 3, unitPrice: '12.50', categories: ['tea'] }] };
    const evaluated = await fetch(`http://127.0.0.1:${started.port}/v1/checkouts/evaluate`, {
      method: 'POST', headers: { authorization: `Bearer ${started.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ cart }),
    });
    expect(((await evaluated.json()) as { total: string }).total).toBe('25.00');
    // the demo shop's journey after an order: Saturday 2030-03-09 → the thank-you waits for Monday
    // 10:00 (no Sunday mail), the refill reminder 30 days on, 10:00 in summer time
    const granted = { status: 'granted', at: '2030-01-01T00:00:00Z', source: 'signup' };
    const planned = await fetch(`http://127.0.0.1:${started.port}/v1/contact-plans`, {
      method: 'POST', headers: { authorization: `Bearer ${started.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        customers: [{ id: 'alice', joinedAt: '2030-01-01T00:00:00Z', timeZone: 'Europe/Paris', consents: { email: granted } }],
        events: [{ customerId: 'alice', type: 'purchase', id: 'A-1001', at: '2030-03-09T10:00:00+01:00' }],
        from: '2030-03-01T00:00:00Z', until: '2030-05-01T00:00:00Z',
      }),
    });
    const plan = (await planned.json()) as { contacts: Array<{ stepId: string; local: string }> };
    expect([planned.status, plan.contacts.map((c) => [c.stepId, c.local])]).toEqual([200, [['thank-you', '2030-03-11T10:00:00+01:00'], ['refill', '2030-04-08T10:00:00+02:00']]]);
    const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('fidelis serve: SIGTERM, stopping');
    expect(out).toMatch(/"route":"\/v1\/checkouts\/evaluate","status":200/);
  }, 90_000);

  it('a bad configuration is refused at start, naming the file and each field; nothing is served', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fidelis-serve-'));
    const file = join(dir, 'shop.json');
    writeFileSync(file, JSON.stringify({
      programs: [{ id: 'p', name: 'P', currency: 'EUR', timeZone: 'Europe/Paris', earnRules: [{ id: 'base', kind: 'points-per-unit', rate: 'one' }] }],
      keys: [{ id: 'shop', sha256: 'abc', scopes: ['read'] }],
    }));
    const c = capture();
    expect(await runCli(['serve', '--config', file, '--port', '0'], c.io)).toBe(2);
    expect(c.err()).toContain(`fidelis serve: ${file}: keys[0].sha256: must be the 64 hex digits of a SHA-256 digest`);
    const c2 = capture();
    writeFileSync(file, JSON.stringify({ programs: [{ id: 'p', name: 'P', currency: 'EUR', timeZone: 'Europe/Paris', earnRules: [{ id: 'base', kind: 'points-per-unit', rate: 'one' }] }], keys: [{ id: 'shop', sha256: 'a'.repeat(64), scopes: ['read'] }] }));
    expect(await runCli(['serve', '--config', file], c2.io)).toBe(2);
    expect(c2.err()).toMatch(new RegExp(`^fidelis serve: ${file.replaceAll('/', '\\/')}: programs\\[0\\]\\.earnRules\\[0\\]\\.rate: `));
    writeFileSync(file, '{"programs": [');
    const c3 = capture();
    expect(await runCli(['serve', '--config', file], c3.io)).toBe(2);
    expect(c3.err()).toContain(`fidelis serve: ${file}: not JSON`);
    const c4 = capture();
    expect(await runCli(['serve', '--demo', '--store', 'redis'], c4.io)).toBe(2);
    expect(c4.err()).toContain('--store: "redis" is not memory or pglite:<dir>');
    const c5 = capture();
    expect(await runCli(['serve'], c5.io)).toBe(2);
    expect(c5.err()).toContain('give exactly one of --demo or --config <file.json>');
  });
});

describe('fidelis keys create', () => {
  it('prints the key once and the record that accepts it', async () => {
    const c = capture();
    expect(await runCli(['keys', 'create', '--scope', 'read,checkout', '--id', 'shop7', '--expires', '2027-01-01T00:00:00Z'], c.io)).toBe(0);
    const key = /^(fk_shop7_\S+)$/m.exec(c.out())?.[1] ?? '';
    const record = JSON.parse(c.out().trim().split('\n').at(-1) ?? '');
    expect(record).toMatchObject({ id: 'shop7', scopes: ['read', 'checkout'], expiresAt: '2027-01-01T00:00:00.000Z' });
    expect(apiKeyring([record]).authenticate(`Bearer ${key}`, new Date('2026-06-01T00:00:00Z')).scopes).toEqual(['read', 'checkout']);
    const bad = capture();
    expect(await runCli(['keys', 'create', '--scope', 'read,root'], bad.io)).toBe(2);
    expect(bad.err()).toBe('fidelis keys: --scope: "root" is not one of read, checkout, admin, gdpr\n');
  });
});
