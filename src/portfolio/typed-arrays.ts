// Internal to the module.

type Column = Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

/** `into` (a larger array of the same kind) holding `old`'s values first: how the tables grow. */
export function grownTo<T extends Column>(old: T, into: T): T {
  into.set(old);
  return into;
}
