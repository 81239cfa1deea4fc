import type { WebhookDeliveryReport, WebhookDispatcher } from './webhook-dispatcher.js';

/**
 * The logger a worker reports to: pino's shape (`logger.info(object, message)`), so a pino
 * logger fits as is. It receives counts and error messages, never payloads or urls.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * const logger: WebhookWorkerLogger = pino();
 * ```
 */
export interface WebhookWorkerLogger {
  /** A step that did something. */
  info(object: Record<string, unknown>, message: string): void;
  /** A step that failed (the store was unreachable…); the worker carries on at the next tick. */
  error(object: Record<string, unknown>, message: string): void;
}

/**
 * A running worker: `stop()` lets the step in progress finish, then resolves.
 *
 * @example
 * ```ts
 * const worker: WebhookWorker = startWebhookWorker({ dispatcher, intervalMs: 1_000 });
 * await worker.stop();
 * ```
 */
export interface WebhookWorker {
  /** Stop ticking; resolves once the step in progress (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Run `dispatcher.deliverDue()` now and then every `intervalMs` after the previous step ended
 * (steps never overlap). A failing step is logged and the next tick tries again; the timer does
 * not keep the process alive on its own.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * const worker = startWebhookWorker({ dispatcher, intervalMs: 1_000, logger: pino() });
 * process.on('SIGTERM', () => void worker.stop());
 * ```
 */
export function startWebhookWorker(options: { readonly dispatcher: WebhookDispatcher; readonly intervalMs: number; readonly logger?: WebhookWorkerLogger }): WebhookWorker {
  const { dispatcher, intervalMs, logger } = options;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();

  const report = (r: WebhookDeliveryReport): void => {
    if (r.queued + r.attempted > 0) logger?.info({ ...r }, 'webhooks: step done');
  };
  const tick = (): void => {
    timer = undefined;
    running = dispatcher
      .deliverDue()
      .then(report, (error: unknown) => logger?.error({ err: error instanceof Error ? error.message : String(error) }, 'webhooks: step failed'))
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(tick, intervalMs);
        timer.unref();
      });
  };
  tick();
  return {
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
    },
  };
}
