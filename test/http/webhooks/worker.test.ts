// startWebhookWorker: steps every interval without overlapping, logs what it did and what
// failed (counts and messages, no payloads), carries on after a failure, and stop() waits for
// the step in progress. Also the retry schedule's arithmetic.
import { describe, expect, it } from 'vitest';
import {
  type WebhookDeliveryReport,
  type WebhookDispatcher,
  createMemoryWebhookStore,
  createWebhookDispatcher,
  defaultWebhookRetrySchedule,
  nextAttemptAt,
  startWebhookWorker,
} from '../../../src/http/webhooks/index.js';
import { receivers, teaShop } from './receiver.js';

const receiver = receivers();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const idle: WebhookDeliveryReport = { queued: 0, attempted: 0, delivered: 0, retrying: 0, dead: 0 };

function logs() {
  const lines: Array<[string, Record<string, unknown>, string]> = [];
  return { lines, logger: { info: (o: Record<string, unknown>, m: string) => lines.push(['info', o, m]), error: (o: Record<string, unknown>, m: string) => lines.push(['error', o, m]) } };
}

describe('startWebhookWorker', () => {
  it('delivers what the engine writes while it runs, and logs each step that did something', async () => {
    const shop = teaShop();
    const dispatcher = createWebhookDispatcher({ engine: shop.engine, store: createMemoryWebhookStore() });
    const r = await receiver();
    await dispatcher.subscribe({ url: r.url, eventTypes: ['*'] });
    const { lines, logger } = logs();
    const worker = startWebhookWorker({ dispatcher, intervalMs: 10, logger });
    await shop.order('o1', 25);
    for (let i = 0; i < 200 && r.received.length === 0; i++) await sleep(10);
    await worker.stop();
    expect(r.received.map((x) => x.headers['webhook-id'])).toEqual(['ev_e1']);
    expect(lines).toContainEqual(['info', { queued: 1, attempted: 1, delivered: 1, retrying: 0, dead: 0 }, 'webhooks: step done']);
    expect(JSON.stringify(lines)).not.toContain('c1'); // no customer data
  });

  it('logs a failed step and tries again at the next tick; stop() waits for the step in progress and ends the ticking', async () => {
    let calls = 0;
    let inProgress = false;
    let overlapped = false;
    const fake = {
      deliverDue: async () => {
        calls += 1;
        if (inProgress) overlapped = true;
        inProgress = true;
        await sleep(15);
        inProgress = false;
        if (calls === 1) throw new Error('store unreachable');
        return idle;
      },
    } as unknown as WebhookDispatcher;
    const { lines, logger } = logs();
    const worker = startWebhookWorker({ dispatcher: fake, intervalMs: 5, logger });
    for (let i = 0; i < 200 && calls < 3; i++) await sleep(5);
    await worker.stop();
    expect(inProgress).toBe(false); // the step in progress finished before stop() resolved
    const after = calls;
    await sleep(30);
    expect(calls).toBe(after);
    expect(overlapped).toBe(false);
    expect(lines[0]).toEqual(['error', { err: 'store unreachable' }, 'webhooks: step failed']);
    expect(lines.filter(([level]) => level === 'info')).toEqual([]); // idle steps are not logged
  });
});

describe('the retry schedule', () => {
  it('is 1 m, 5 m, 30 m, 2 h, 5 h, 10 h, 10 h: 27 h 36 min in all, at least 24 h', () => {
    expect(defaultWebhookRetrySchedule.map((ms) => ms / 60_000)).toEqual([1, 5, 30, 120, 300, 600, 600]);
    expect(defaultWebhookRetrySchedule.reduce((a, b) => a + b, 0)).toBe((27 * 60 + 36) * 60_000);
  });

  it('adds up to 10 % jitter and ends after the last wait', () => {
    const t = new Date('2026-03-01T10:00:00Z');
    expect(nextAttemptAt(t, 1, defaultWebhookRetrySchedule, 0)).toEqual(new Date('2026-03-01T10:01:00Z'));
    expect(nextAttemptAt(t, 1, defaultWebhookRetrySchedule, 0.999999)).toEqual(new Date('2026-03-01T10:01:06Z')); // 60 s × 1.0999999, rounded
    expect(nextAttemptAt(t, 4, defaultWebhookRetrySchedule, 0.5)).toEqual(new Date('2026-03-01T12:06:00Z')); // 2 h × 1.05
    expect(nextAttemptAt(t, 7, defaultWebhookRetrySchedule, 0)).toEqual(new Date('2026-03-01T20:00:00Z'));
    expect(nextAttemptAt(t, 8, defaultWebhookRetrySchedule, 0)).toBeUndefined();
  });
});
