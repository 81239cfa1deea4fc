import { Decimal } from '../core/decimal.js';
import type { LedgerEntry } from './ledger/entry.js';

/**
 * One stamp-card rule's figures for a period (see `ledgerStatistics`): cards filled, and how
 * long a card took from its first stamp to the order that filled it.
 *
 * @example
 * ```ts
 * const s: StampCardStatistics = { ruleId: 'coffee-card', completed: 3, meanDays: '12.50', medianDays: '10.00' };
 * ```
 */
export interface StampCardStatistics {
  /** The stamp-card rule. */
  readonly ruleId: string;
  /** Cards filled by orders placed in the period (an order filling two cards counts two). */
  readonly completed: number;
  /**
   * Mean days from a card's first stamp (the order that put it on an empty card) to the order
   * that filled it, to the hundredth (half-even); `null` without a completed card. A second card
   * filled by the same order took 0 days.
   */
  readonly meanDays: string | null;
  /** Median of the same durations (the mean of the two middle ones for an even count), to the hundredth. */
  readonly medianDays: string | null;
}

const DAY_MS = 86_400_000;

function days(ms: Decimal): string {
  return ms.div(DAY_MS).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
}

/** Per rule: cards completed in the period and the durations (ms) of those whose first stamp is known. */
export interface StampCardTally {
  readonly completed: Map<string, number>;
  readonly durations: Map<string, number[]>;
}

/**
 * Fold one customer's ledger (append order) into `tally`: stamps on the current card follow
 * each order's `stamps` (what it left) and each return's `stamps` (what it took off, an emptied
 * card forgetting its first stamp); an order fills `(before + added − after) / stampsRequired`
 * cards (one when the rule is not in `stampsRequired`).
 *
 * @example
 * ```ts
 * const tally: StampCardTally = { completed: new Map(), durations: new Map() };
 * tallyStampCards(tally, entries, { 'coffee-card': 10 }, from.getTime(), until.getTime());
 * ```
 */
export function tallyStampCards(tally: StampCardTally, entries: readonly LedgerEntry[], stampsRequired: Readonly<Record<string, number>>, from: number, until: number): void {
  const current = new Map<string, number>();
  const startedAt = new Map<string, number>();
  for (const e of entries) {
    if (e.kind === 'reverse' && e.stamps !== undefined) {
      for (const [ruleId, taken] of Object.entries(e.stamps)) {
        const left = Math.max(0, (current.get(ruleId) ?? 0) - taken);
        current.set(ruleId, left);
        if (left === 0) startedAt.delete(ruleId);
      }
      continue;
    }
    if (e.kind !== 'earn' || e.source.type !== 'order' || e.source.stamps === undefined) continue;
    const at = e.at.getTime();
    const added = new Map((e.source.stampCards ?? []).map((s) => [s.ruleId, s.added]));
    for (const [ruleId, after] of Object.entries(e.source.stamps)) {
      const before = current.get(ruleId) ?? 0;
      const plus = added.get(ruleId) ?? 0;
      current.set(ruleId, after);
      if (before === 0 && plus > 0) startedAt.set(ruleId, at);
      const filledStamps = before + plus - after;
      if (filledStamps <= 0) continue;
      const required = stampsRequired[ruleId];
      const cards = required === undefined ? 1 : Math.round(filledStamps / required);
      const start = startedAt.get(ruleId);
      if (after > 0) startedAt.set(ruleId, at);
      else startedAt.delete(ruleId);
      if (cards <= 0 || at < from || at >= until) continue;
      tally.completed.set(ruleId, (tally.completed.get(ruleId) ?? 0) + cards);
      let list = tally.durations.get(ruleId);
      if (list === undefined) tally.durations.set(ruleId, (list = []));
      if (start !== undefined) list.push(at - start);
      for (let i = 1; i < cards; i++) list.push(0);
    }
  }
}

/**
 * The figures of a tally, one row per rule that filled a card, by rule id.
 *
 * @example
 * ```ts
 * stampCardStatistics(tally); // [{ ruleId: 'coffee-card', completed: 3, meanDays: '12.50', medianDays: '10.00' }]
 * ```
 */
export function stampCardStatistics(tally: StampCardTally): StampCardStatistics[] {
  return [...tally.completed.keys()].sort().map((ruleId) => {
    const list = [...(tally.durations.get(ruleId) ?? [])].sort((a, b) => a - b);
    const n = list.length;
    const mid = n >> 1;
    const median = n === 0 ? null : n % 2 === 1 ? new Decimal(list[mid] as number) : new Decimal((list[mid - 1] as number) + (list[mid] as number)).div(2);
    return {
      ruleId,
      completed: tally.completed.get(ruleId) ?? 0,
      meanDays: n === 0 ? null : days(new Decimal(list.reduce((s, d) => s + d, 0)).div(n)),
      medianDays: median === null ? null : days(median),
    };
  });
}
