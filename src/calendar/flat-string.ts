// Internal to the module.

/**
 * V8 keeps a string built by concatenation or slicing as a tree of its pieces (or a view of a
 * longer string) until it is first read; reading one character flattens it. A large plan keeps
 * millions of ids and reasons: one flat string each, instead of a tree, noticeably reduces the
 * garbage collector's work on a plan of 100,000 customers. Returns `text` itself.
 */
export function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}
