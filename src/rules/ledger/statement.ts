import { validationError } from '../../core/errors.js';
import type { Points } from '../../core/points.js';
import { assertTimeZone } from '../../core/time.js';
import type { LedgerEntry } from './entry.js';
import { type Amount, STATEMENT_TEXTS, type StatementTexts } from './statement-texts.js';

/**
 * The languages {@link formatStatement} has texts for (any region: `en-GB`, `de-CH`, … format
 * dates and numbers their way).
 *
 * @example
 * ```ts
 * STATEMENT_LANGUAGES; // ['en', 'de']
 * ```
 */
export const STATEMENT_LANGUAGES: readonly string[] = Object.keys(STATEMENT_TEXTS);

/**
 * Where a statement's dates are read: the program's zone (a `Program` fits).
 *
 * @example
 * ```ts
 * const options: StatementOptions = { timeZone: 'Europe/Paris' };
 * ```
 */
export interface StatementOptions {
  /** IANA zone the dates are shown in. */
  readonly timeZone: string;
}

/**
 * One readable line of a customer statement.
 *
 * @example
 * ```ts
 * const line: StatementLine = formatStatement(entries, 'en', program)[0]!;
 * line.text; // 'Mar 1, 2026: Order o1 earned 120 points, spendable from Mar 16, 2026 · balance 120'
 * ```
 */
export interface StatementLine {
  /** The ledger entry. */
  readonly entryId: string;
  /** Its kind. */
  readonly kind: LedgerEntry['kind'];
  /** When it happened. */
  readonly at: Date;
  /** `at` as a local date of the zone, in the locale's medium style (`Mar 1, 2026`, `01.03.2026`). */
  readonly date: string;
  /** What the entry was, in the locale's words, with its points. */
  readonly description: string;
  /** Signed change of the total (0 for markers). */
  readonly points: Points;
  /** The total after it (active + pending + not yet recorded expiries). */
  readonly balance: Points;
  /** Date, description and balance as one line. */
  readonly text: string;
}

function textsFor(locale: string): StatementTexts {
  let language: string;
  try {
    language = new Intl.Locale(locale).language;
  } catch {
    throw validationError('statement', [{ path: 'locale', message: `"${locale}" is not a BCP 47 locale` }]);
  }
  const texts = STATEMENT_TEXTS[language];
  if (texts === undefined) {
    throw validationError('statement', [{ path: 'locale', message: `"${locale}": no statement texts for "${language}" (${STATEMENT_LANGUAGES.join(', ')})` }]);
  }
  return texts;
}

/**
 * A customer's ledger history (`engine.history(customerId)`, or any entries of one ledger) as
 * readable lines, oldest first (entries of the same instant in ledger order): the local date in
 * `options.timeZone`, what each entry was (order o1 earned 120 points, return r1 took 30 back,
 * 500 redeemed, 40 expired…) and the running total. Dates and numbers are formatted by `Intl`
 * for `locale`; the words exist for {@link STATEMENT_LANGUAGES}. Pure: nothing depends on the
 * host's zone. Throws `VALIDATION_FAILED` (path `locale`) for a locale without texts and
 * `INVALID_TIME_ZONE` (path `timeZone`) for an unknown zone.
 *
 * @example
 * ```ts
 * const lines = formatStatement(await engine.history('c1'), 'de', program);
 * lines.map((l) => l.text);
 * // ['01.03.2026: Bestellung o1: 120 Punkte gesammelt, einlösbar ab 16.03.2026 · Kontostand 120', …]
 * ```
 */
export function formatStatement(history: readonly LedgerEntry[], locale: string, options: StatementOptions): StatementLine[] {
  const texts = textsFor(locale);
  const timeZone = assertTimeZone(options.timeZone);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const numbers = new Intl.NumberFormat(locale);
  const signed = new Intl.NumberFormat(locale, { signDisplay: 'exceptZero' });
  const plural = new Intl.PluralRules(locale);
  // `+ 0` turns -0 (a reversal that took nothing) into 0, which Intl would print as "-0".
  const amount = (n: number): Amount => ({ text: numbers.format(Math.abs(n) + 0), one: plural.select(Math.abs(n)) === 'one' });
  const ordersOfLots = new Map<string, string>();
  for (const e of history) if (e.kind === 'earn' && e.source.type === 'order') ordersOfLots.set(e.id, e.source.orderId);

  const describe = (e: LedgerEntry): string => {
    switch (e.kind) {
      case 'earn':
        if (e.source.type === 'bonus') return texts.bonus(e.source.bonus, amount(e.points));
        return texts.orderEarned(e.source.orderId, amount(e.points), e.activatesAt.getTime() > e.at.getTime() ? dates.format(e.activatesAt) : undefined);
      case 'burn':
        return texts.redeemed(amount(e.points), e.reason);
      case 'expire':
        return texts.expired(amount(e.points));
      case 'reverse':
        return texts.returned(e.returnId, e.orderId, amount(e.points), e.forgiven > 0 ? amount(e.forgiven) : undefined);
      case 'adjust':
        return texts.corrected({ text: signed.format(e.points + 0), one: plural.select(Math.abs(e.points)) === 'one' }, e.reason);
      case 'settle':
        return texts.debtSettled(amount(e.allocations.reduce((s, a) => s + a.points, 0)));
      case 'activate':
        return texts.activated(amount(e.lotPoints), ordersOfLots.get(e.lotId));
      case 'tier':
        return texts.tierChanged(e.tierId, e.previousTierId);
      case 'payment':
        if (e.action === 'commit') return texts.paymentCommitted(e.orderId ?? '', amount(e.paid ?? 0));
        if (e.action === 'refund') return texts.paymentRefunded(e.returnId ?? '', e.orderId ?? '', amount(e.points));
        return texts.reservationEnded(e.checkoutId, e.action === 'lapse', amount(e.points));
    }
  };

  const ordered = [...history].sort((a, b) => a.at.getTime() - b.at.getTime());
  let balance = 0;
  return ordered.map((e) => {
    balance += e.points;
    const date = dates.format(e.at);
    const description = describe(e);
    return { entryId: e.id, kind: e.kind, at: e.at, date, description, points: e.points + 0, balance: balance + 0, text: texts.line(date, description, numbers.format(balance + 0)) };
  });
}
