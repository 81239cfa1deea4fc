// Internal to the module.

type Column = Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

/** `into` (a larger array of the same kind) holding `old`'s values first: how the tables grow. */
export function grownTo<T extends Column>(old: T, into: T): T {
  into.set(old);
  return into;
}

/**
 * The first `n` values of a column as a result: a view of it when at most an eighth of it is
 * unused (no copy at the peak of memory), otherwise a copy of just those values.
 */
export function cutTo<T extends Column>(column: T, n: number): T {
  return (column.length - n <= column.length / 8 ? column.subarray(0, n) : column.slice(0, n)) as T;
}
