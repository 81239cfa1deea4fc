// Helpers of the CSV reading tests: text cut into chunks anywhere, and the FidelisError of a promise.
import { expect } from 'vitest';
import { FidelisError } from '../../src/index.js';

/** The text as a stream of chunks of `size` characters (to cut lines and quotes anywhere). */
export async function* chunks(text: string, size = 7): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** The text's UTF-8 bytes in chunks of `size` (to cut characters and the BOM anywhere). */
export async function* bytes(text: string, size = 5): AsyncGenerator<Uint8Array> {
  const all = new TextEncoder().encode(text);
  for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
}

/** The FidelisError the promise rejects with (the test fails when it resolves or throws something else). */
export async function failure(promise: Promise<unknown>): Promise<FidelisError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(FidelisError);
    return e as FidelisError;
  }
  throw new Error('expected a FidelisError');
}
