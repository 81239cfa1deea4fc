/**
 * Placeholders for a multi-row `VALUES` list and the flattened parameters, numbered from
 * `first`: portable to every PostgreSQL-compatible database (no array parameters needed).
 * `casts` (one per column, e.g. `'::timestamptz'`) are appended to each placeholder.
 *
 * @example
 * ```ts
 * valuesList([['a', 1], ['b', 2]], 2, ['', '::bigint']);
 * // { text: '($2, $3::bigint), ($4, $5::bigint)', params: ['a', 1, 'b', 2] }
 * ```
 */
export function valuesList(
  rows: ReadonlyArray<readonly unknown[]>,
  first = 1,
  casts: readonly string[] = [],
): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const cells = row.map((value, column) => {
      params.push(value);
      return `$${first + params.length - 1}${casts[column] ?? ''}`;
    });
    return `(${cells.join(', ')})`;
  });
  return { text: tuples.join(', '), params };
}

/**
 * Split `items` into consecutive chunks of at most `size` (for statements whose parameter
 * count must stay under PostgreSQL's 65,535).
 *
 * @example
 * ```ts
 * chunks([1, 2, 3, 4, 5], 2); // [[1, 2], [3, 4], [5]]
 * ```
 */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * `$first, $first+1, …` for an `IN (…)` list of `count` parameters.
 *
 * @example
 * ```ts
 * inList(3); // '$1, $2, $3'
 * inList(2, 4); // '$4, $5'
 * ```
 */
export function inList(count: number, first = 1): string {
  return Array.from({ length: count }, (_, i) => `$${first + i}`).join(', ');
}
