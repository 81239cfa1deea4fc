// The receivers in docs/webhooks.md verify what signWebhook signs: the Python snippet runs under
// python3 (skipped when python3 is absent); the PHP snippet runs under php when it exists,
// otherwise it is checked to be present, to open with <?php and to have balanced brackets.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateWebhookSecret, signWebhook } from '../../../src/http/webhooks/index.js';

const guide = readFileSync(fileURLToPath(new URL('../../../docs/webhooks.md', import.meta.url)), 'utf8');
const blocks = (lang: string) => [...guide.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] ?? '');
const snippet = (lang: string, marker: string) => blocks(lang).find((b) => b.includes(marker)) ?? '';

const has = (command: string) => {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const dir = mkdtempSync(join(tmpdir(), 'fidelis-webhook-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A signed body (non-ASCII included) at the current time, one signed an hour ago, and a forged one. */
function cases() {
  const secret = generateWebhookSecret();
  const body = JSON.stringify({ id: 'ev_1', type: 'points.earned', payload: { note: 'Zoë ☕', points: 25 } });
  const now = Math.floor(Date.now() / 1000);
  const fresh = signWebhook({ secret, id: 'ev_1', timestamp: now, body });
  const old = signWebhook({ secret, id: 'ev_1', timestamp: now - 3600, body });
  const forged = { ...fresh, 'webhook-signature': signWebhook({ secret: generateWebhookSecret(), id: 'ev_1', timestamp: now, body })['webhook-signature'] };
  const rotating = { ...fresh, 'webhook-signature': `${forged['webhook-signature']} ${fresh['webhook-signature']}` };
  return [
    { secret, headers: fresh, body, expected: true },
    { secret, headers: rotating, body, expected: true },
    { secret, headers: fresh, body: body.replace('25', '26'), expected: false },
    { secret, headers: old, body, expected: false },
    { secret, headers: forged, body, expected: false },
  ];
}

describe('docs/webhooks.md receivers', () => {
  it.skipIf(!has('python3'))('the Python snippet accepts genuine webhooks and refuses changed, stale and forged ones', () => {
    const code = snippet('python', 'def verify_webhook');
    expect(code).not.toBe('');
    const file = join(dir, 'verify.py');
    writeFileSync(file, `${code}\nimport json, sys\nfor c in json.load(sys.stdin):\n    print(verify_webhook(c["secret"], c["headers"], c["body"].encode()))\n`);
    const all = cases();
    const out = execFileSync('python3', [file], { input: JSON.stringify(all), encoding: 'utf8' });
    expect(out.trim().split('\n')).toEqual(all.map((c) => (c.expected ? 'True' : 'False')));
  });

  it('the PHP snippet is there, opens with <?php and has balanced brackets (and runs when php exists)', () => {
    const code = snippet('php', 'function verify_webhook');
    expect(code.startsWith('<?php\n')).toBe(true);
    expect(code).toContain('hash_equals(');
    const stripped = code.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
    const stack: string[] = [];
    const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
    for (const ch of stripped) {
      if ('([{'.includes(ch)) stack.push(ch);
      else if (ch in pairs) expect(stack.pop()).toBe(pairs[ch]);
    }
    expect(stack).toEqual([]);
    if (!has('php')) return; // php is not installed on every machine
    const file = join(dir, 'verify.php');
    writeFileSync(file, `${code}\nforeach (json_decode(stream_get_contents(STDIN), true) as $c) { echo verify_webhook($c['secret'], $c['headers'], $c['body']) ? "true\\n" : "false\\n"; }\n`);
    const all = cases();
    const out = execFileSync('php', [file], { input: JSON.stringify(all), encoding: 'utf8' });
    expect(out.trim().split('\n')).toEqual(all.map((c) => String(c.expected)));
  });
});
