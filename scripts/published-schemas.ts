// The list of schemas fidelis publishes as JSON Schema, and how each is rendered.
import { z } from 'zod';
import * as fidelis from '../src/index.js';

/** The published schemas: file name → the name fidelis exports the zod schema under. */
const PUBLISHED: ReadonlyArray<readonly [name: string, exportName: string]> = [
  ['Customer', 'Customer'],
  ['Order', 'Order'],
  ['Return', 'Return'],
  ['Cart', 'Cart'],
  ['Condition', 'ConditionSchema'],
  ['ProgramDefinition', 'ProgramDefinition'],
  ['ReturnPolicy', 'ReturnPolicy'],
  ['PromotionDefinition', 'PromotionDefinition'],
  ['JourneyDefinition', 'JourneyDefinition'],
  ['ContactPolicy', 'ContactPolicy'],
  ['SegmentAssignment', 'SegmentAssignment'],
];

/** Name → zod schema of every published input and definition. */
export const publishedSchemas: Record<string, z.ZodType> = {};
for (const [name, exportName] of PUBLISHED) {
  const schema = (fidelis as Record<string, unknown>)[exportName];
  if (!(schema instanceof z.ZodType)) throw new Error(`fidelis does not export a zod schema named ${exportName}`);
  publishedSchemas[name] = schema;
}

/** The JSON text of one schema (input side: what a user writes). */
export function renderJsonSchema(name: string, schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  return `${JSON.stringify({ $id: `https://fidelis.dev/schemas/${name}.schema.json`, title: name, ...json }, null, 2)}\n`;
}
