import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publishedSchemas, renderJsonSchema } from '../../scripts/published-schemas.js';

describe('published JSON Schemas', () => {
  it('publishes the core input schemas', () => {
    expect(Object.keys(publishedSchemas)).toEqual(
      expect.arrayContaining(['Customer', 'Order', 'Return', 'Cart', 'Condition', 'ProgramDefinition', 'PromotionDefinition', 'JourneyDefinition', 'ContactPolicy', 'SegmentAssignment']),
    );
  });
  for (const [name, schema] of Object.entries(publishedSchemas)) {
    it(`schemas/${name}.schema.json is up to date (run npm run schemas)`, () => {
      const committed = readFileSync(new URL(`../../schemas/${name}.schema.json`, import.meta.url), 'utf8');
      expect(committed).toBe(renderJsonSchema(name, schema));
    });
  }
  it('describes what a user writes: an order line needs a positive whole quantity', () => {
    const order = JSON.parse(readFileSync(new URL('../../schemas/Order.schema.json', import.meta.url), 'utf8'));
    const quantity = order.properties.lines.items.properties.quantity;
    expect(quantity.type).toBe('integer');
    expect(quantity.exclusiveMinimum).toBe(0);
    expect(order.required).toEqual(expect.arrayContaining(['id', 'customerId', 'placedAt', 'currency', 'lines']));
  });
  it('describes a segment assignment: customer and date required, P(alive) a probability, nothing else allowed', () => {
    const segment = JSON.parse(readFileSync(new URL('../../schemas/SegmentAssignment.schema.json', import.meta.url), 'utf8'));
    expect(segment.required).toEqual(['customerId', 'asOf']);
    expect([segment.properties.pAlive.minimum, segment.properties.pAlive.maximum]).toEqual([0, 1]);
    expect(Object.keys(segment.properties)).toEqual(['customerId', 'asOf', 'quadrant', 'rfm', 'clv', 'pAlive', 'labels']);
    expect(segment.additionalProperties).toBe(false);
  });
});
