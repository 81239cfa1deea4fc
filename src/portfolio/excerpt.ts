// Values quoted in error messages: a field of a broken file can be megabytes long.

/**
 * The longest part of a value that an error message or its details quote: longer values are
 * cut to that many characters and "…".
 *
 * @example
 * ```ts
 * import { EXCERPT_LENGTH } from 'fidelis';
 * EXCERPT_LENGTH; // 40
 * ```
 */
export const EXCERPT_LENGTH = 40;

/** `text` cut to {@link EXCERPT_LENGTH} characters with "…" when longer. */
export function cut(text: string): string {
  return text.length <= EXCERPT_LENGTH ? text : `${text.slice(0, EXCERPT_LENGTH)}…`;
}

/** `text` quoted for a message: cut to {@link EXCERPT_LENGTH} characters, then "…" and its full length. */
export function excerpt(text: string): string {
  return text.length <= EXCERPT_LENGTH ? `"${text}"` : `"${cut(text)}" (${text.length.toLocaleString('en-US')} characters)`;
}
