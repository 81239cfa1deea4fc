/**
 * Where "now" comes from. Domain code never reads the system clock; the engine takes a
 * `Clock` (default {@link systemClock}) and passes instants down.
 *
 * @example
 * ```ts
 * const clock: Clock = { now: () => new Date('2026-01-01T00:00:00Z') };
 * ```
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/**
 * The real clock. Only the engine and the CLI use it by default.
 *
 * @example
 * ```ts
 * systemClock.now();
 * ```
 */
export const systemClock: Clock = { now: () => new Date(Date.now()) };

/**
 * A {@link Clock} that only moves when told: for tests and simulations.
 *
 * @example
 * ```ts
 * const clock: ManualClock = manualClock(new Date('2026-01-01T00:00:00Z'));
 * ```
 */
export interface ManualClock extends Clock {
  /** Jump to an instant. */
  set(at: Date): void;
  /** Move forward (or back, with a negative value) by milliseconds. */
  advance(ms: number): void;
}

/**
 * A clock fixed at `start` that tests move forward by hand.
 *
 * @example
 * ```ts
 * const clock = manualClock(new Date('2026-01-01T00:00:00Z'));
 * clock.advance(60_000);
 * clock.set(new Date('2026-02-01T00:00:00Z'));
 * ```
 */
export function manualClock(start: Date): ManualClock {
  let current = new Date(start.getTime());
  return {
    now: () => new Date(current.getTime()),
    set: (at) => {
      current = new Date(at.getTime());
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}
