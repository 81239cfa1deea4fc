// The contact-id hash, taking the key's fields as arguments (the planner hashes every step
// instance of every customer, so it builds no key object). Internal to the module; `contactId`
// in contact-id.ts is the public face and documents the scheme.
import * as crypto from 'node:crypto';
import { flat } from './flat-string.js';

type HashFn = (algorithm: string, data: string, encoding: string) => string;
// `crypto.hash` (Node ≥ 20.12) is the fast one-shot form; fall back to createHash elsewhere.
const oneShot = (crypto as unknown as { hash?: HashFn }).hash;
const sha256 = (data: string): string =>
  oneShot === undefined ? crypto.createHash('sha256').update(data).digest('hex') : oneShot('sha256', data, 'hex');

/** `ct_` + the first 32 hex digits of SHA-256 over the fields' lengths, `|`, then the fields; see `contactId`. */
export function contactHash(customerId: string, journeyId: string, stepId: string, anchor: string, occurrence: string): string {
  const key = `${customerId.length},${journeyId.length},${stepId.length},${anchor.length},${occurrence.length}|${customerId}${journeyId}${stepId}${anchor}${occurrence}`;
  return flat(`ct_${sha256(key).slice(0, 32)}`);
}
