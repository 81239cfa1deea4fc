import { describe, expect, it } from 'vitest';
import { contactId } from '../../src/calendar/index.js';

describe('contactId', () => {
  it('is the first 128 bits of the SHA-256 of the lengths and the fields (checked with sha256sum)', () => {
    // printf '%s' '2,12,4,12,0|c1car-purchasegiftpurchase:o-1' | sha256sum
    expect(contactId({ customerId: 'c1', journeyId: 'car-purchase', stepId: 'gift', anchor: 'purchase:o-1' })).toBe(
      'ct_4c1b9b5c979963a4df3664b134508ad4',
    );
  });
  it('does not collide when fields are shifted between neighbours', () => {
    const a = contactId({ customerId: 'ab', journeyId: 'c', stepId: 's', anchor: 'x' });
    const b = contactId({ customerId: 'a', journeyId: 'bc', stepId: 's', anchor: 'x' });
    const c = contactId({ customerId: 'a', journeyId: 'bc', stepId: 's', anchor: 'x', occurrence: '' });
    const d = contactId({ customerId: 'a', journeyId: 'bc', stepId: 's', anchor: 'x', occurrence: '2026-05-11' });
    expect(a).not.toBe(b);
    expect(b).toBe(c);
    expect(d).not.toBe(c);
    expect(a).toMatch(/^ct_[0-9a-f]{32}$/);
  });
});
