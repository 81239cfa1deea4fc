import type { IssuedCode } from '../ledger-store.js';

/** A stored code of the memory store (shared by its coupon and ledger ports). */
export interface StoredCode {
  readonly key: string;
  readonly display: string;
  readonly promotionId: string;
  readonly issuedAt: Date;
  assignedTo?: string;
  readonly voucher?: { readonly currency: string; readonly initialMinor: number; committedDebitMinor: number; creditedMinor: number };
  readonly shared?: boolean;
  readonly batchId?: string;
}

/**
 * The memory store's codes, shared by its coupon port (which reads, adds and counts them) and its
 * ledger port (an append that issues codes from the rules stores them in the same synchronous
 * step as its entries).
 *
 * @example
 * ```ts
 * const book = createMemoryCodeBook();
 * book.take([{ promotionId: 'thanks', key: 'AB12', display: 'AB12', assignedTo: 'c1' }], new Date()); // true
 * ```
 */
export interface MemoryCodeBook {
  /** Codes by normalised key. */
  readonly codes: Map<string, StoredCode>;
  /** True when none of the keys is stored (the caller then calls `take`). Synchronous. */
  free(codes: readonly IssuedCode[] | undefined): boolean;
  /** Store the codes (their keys must be free). Synchronous. */
  take(codes: readonly IssuedCode[] | undefined, at: Date): void;
}

/**
 * Create an empty {@link MemoryCodeBook}.
 *
 * @example
 * ```ts
 * const { codes } = createMemoryCodeBook();
 * ```
 */
export function createMemoryCodeBook(): MemoryCodeBook {
  const codes = new Map<string, StoredCode>();
  return {
    codes,
    free: (list) => (list ?? []).every((c) => !codes.has(c.key)),
    take: (list, at) => {
      for (const c of list ?? []) codes.set(c.key, { key: c.key, display: c.display, promotionId: c.promotionId, issuedAt: at, assignedTo: c.assignedTo });
    },
  };
}
