// The words of a customer statement, per language. Numbers and dates arrive formatted (Intl,
// in the statement's locale and zone); these functions only place them in a sentence.
// Module-internal: `formatStatement` is the public surface.

/** Points already formatted: the magnitude and whether it is exactly one (for the plural). */
export interface Amount {
  readonly text: string;
  readonly one: boolean;
}

/** The sentences of one language. */
export interface StatementTexts {
  orderEarned(orderId: string, points: Amount, spendableFrom: string | undefined): string;
  bonus(kind: string, points: Amount): string;
  redeemed(points: Amount, reason: string): string;
  expired(points: Amount): string;
  returned(returnId: string, orderId: string, points: Amount, forgiven: Amount | undefined): string;
  corrected(signed: Amount, reason: string): string;
  debtSettled(points: Amount): string;
  activated(points: Amount, orderId: string | undefined): string;
  tierChanged(tierId: string | null, previousTierId: string | null): string;
  paymentCommitted(orderId: string, points: Amount): string;
  reservationEnded(checkoutId: string, lapsed: boolean, points: Amount): string;
  paymentRefunded(returnId: string, orderId: string, points: Amount): string;
  line(date: string, description: string, balance: string): string;
}

const en: StatementTexts = {
  orderEarned: (o, p, from) => `Order ${o} earned ${pts(p, 'point', 'points')}${from === undefined ? '' : `, spendable from ${from}`}`,
  bonus: (kind, p) => `${{ signup: 'Welcome bonus', birthday: 'Birthday bonus', referral: 'Referral bonus' }[kind] ?? `Bonus ${kind}`}: ${pts(p, 'point', 'points')}`,
  redeemed: (p, reason) => `Redeemed ${pts(p, 'point', 'points')} (${reason})`,
  expired: (p) => `${pts(p, 'point', 'points')} expired`,
  returned: (r, o, p, f) => `Return ${r} of order ${o}: ${pts(p, 'point', 'points')} taken back${f === undefined ? '' : `, ${f.text} forgiven`}`,
  corrected: (p, reason) => `Correction: ${pts(p, 'point', 'points')} (${reason})`,
  debtSettled: (p) => `Points owed settled: ${pts(p, 'point', 'points')}`,
  activated: (p, o) => `${pts(p, 'point', 'points')}${o === undefined ? '' : ` of order ${o}`} now spendable`,
  tierChanged: (t, prev) => `Status now ${t ?? 'none'}, before ${prev ?? 'none'}`,
  paymentCommitted: (o, p) => `${pts(p, 'point', 'points')} paid for order ${o}`,
  reservationEnded: (c, lapsed, p) => `Checkout ${c} ${lapsed ? 'not completed in time' : 'cancelled'}: ${pts(p, 'point', 'points')} back`,
  paymentRefunded: (r, o, p) => `Return ${r} of order ${o}: ${pts(p, 'point', 'points')} paid back`,
  line: (date, description, balance) => `${date}: ${description} · balance ${balance}`,
};

const de: StatementTexts = {
  orderEarned: (o, p, from) => `Bestellung ${o}: ${pts(p, 'Punkt', 'Punkte')} gesammelt${from === undefined ? '' : `, einlösbar ab ${from}`}`,
  bonus: (kind, p) => `${{ signup: 'Willkommensbonus', birthday: 'Geburtstagsbonus', referral: 'Empfehlungsbonus' }[kind] ?? `Bonus ${kind}`}: ${pts(p, 'Punkt', 'Punkte')}`,
  redeemed: (p, reason) => `${pts(p, 'Punkt', 'Punkte')} eingelöst (${reason})`,
  expired: (p) => `${pts(p, 'Punkt', 'Punkte')} verfallen`,
  returned: (r, o, p, f) => `Rückgabe ${r} zu Bestellung ${o}: ${pts(p, 'Punkt', 'Punkte')} zurückgebucht${f === undefined ? '' : `, ${f.text} erlassen`}`,
  corrected: (p, reason) => `Korrektur: ${pts(p, 'Punkt', 'Punkte')} (${reason})`,
  debtSettled: (p) => `Offene Punkte ausgeglichen: ${pts(p, 'Punkt', 'Punkte')}`,
  activated: (p, o) => `${pts(p, 'Punkt', 'Punkte')}${o === undefined ? '' : ` aus Bestellung ${o}`} jetzt einlösbar`,
  tierChanged: (t, prev) => `Status jetzt ${t ?? 'keiner'}, vorher ${prev ?? 'keiner'}`,
  paymentCommitted: (o, p) => `${pts(p, 'Punkt', 'Punkte')} für Bestellung ${o} bezahlt`,
  reservationEnded: (c, lapsed, p) => `Bezahlvorgang ${c} ${lapsed ? 'nicht rechtzeitig abgeschlossen' : 'abgebrochen'}: ${pts(p, 'Punkt', 'Punkte')} zurück`,
  paymentRefunded: (r, o, p) => `Rückgabe ${r} zu Bestellung ${o}: ${pts(p, 'Punkt', 'Punkte')} zurückerstattet`,
  line: (date, description, balance) => `${date}: ${description} · Kontostand ${balance}`,
};

function pts(p: Amount, one: string, other: string): string {
  return `${p.text} ${p.one ? one : other}`;
}

/** Statement texts by language subtag. */
export const STATEMENT_TEXTS: Readonly<Record<string, StatementTexts>> = { en, de };
