import type { HoldoutCheck } from './holdout-check.js';

const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '–');

/**
 * A {@link HoldoutCheck} as plain-text tables for a terminal: the errors, the conditional
 * expectation and period-transactions tables by frequency, the P(alive) calibration, and the
 * tracking at the calibration end and the holdout end.
 *
 * @example
 * ```ts
 * import { formatHoldoutCheck } from 'fidelis';
 * process.stdout.write(formatHoldoutCheck(check));
 * ```
 */
export function formatHoldoutCheck(check: HoldoutCheck): string {
  const e = check.errors;
  const lines: string[] = [
    `Holdout check of ${check.model}: ${check.customers.toLocaleString('en-US')} customers, holdout ${f2(check.holdoutLength)} time units`,
    `  holdout purchases: actual ${e.actual.toLocaleString('en-US')}, predicted ${f1(e.predicted)} (aggregate error ${f1(e.errorPercent)} %); per customer MAE ${f2(e.mae)}, RMSE ${f2(e.rmse)}`,
  ];
  if (Number.isFinite(e.trackingMae)) lines.push(`  weekly (per step) repeat transactions in the holdout: MAE ${f2(e.trackingMae)}, RMSE ${f2(e.trackingRmse)}`);
  lines.push('', 'repeat purchases in calibration   customers  expected customers  holdout mean actual  predicted');
  check.conditionalExpectation.forEach((b, k) => {
    const pt = check.periodTransactions[k];
    lines.push(`${b.label.padStart(32)}  ${String(b.customers).padStart(9)}  ${f1(pt?.predicted ?? Number.NaN).padStart(18)}  ${f2(b.actual).padStart(19)}  ${f2(b.predicted).padStart(9)}`);
  });
  lines.push('', 'P(alive) at calibration end   customers  mean P(alive)  bought in holdout');
  for (const b of check.aliveCalibration) {
    if (b.customers === 0) continue;
    lines.push(`${`${b.from.toFixed(2)}–${b.to.toFixed(2)}`.padStart(27)}  ${String(b.customers).padStart(10)}  ${f2(b.meanProbabilityAlive).padStart(13)}  ${`${f1(b.observedActive * 100)} %`.padStart(17)}`);
  }
  const zero = check.tracking.find((p) => p.time === 0);
  const end = check.tracking[check.tracking.length - 1];
  if (zero !== undefined && end !== undefined) {
    lines.push('', 'cumulative repeat transactions    actual  expected');
    for (const [label, p] of [['at the calibration end', zero], ['at the holdout end', end]] as const) {
      lines.push(`${label.padStart(30)}  ${(Number.isFinite(p.actualCumulative) ? String(p.actualCumulative) : '–').padStart(8)}  ${f1(p.expectedCumulative).padStart(8)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
