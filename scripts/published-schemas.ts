// The list of schemas fidelis publishes as JSON Schema, and how each is rendered.
import { z } from 'zod';
import * as fidelis from '../src/index.js';

/** Name → zod schema of every published input and definition. */
export const publishedSchemas: Record<string, z.ZodType> = Object.fromEntries(
  ['Customer', 'Order', 'Return', 'ProgramDefinition', 'PromotionDefinition', 'JourneyDefinition', 'ContactPolicy']
    .map((name) => [name, (fidelis as Record<string, unknown>)[name]] as const)
    .filter((entry): entry is readonly [string, z.ZodType] => entry[1] instanceof z.ZodType),
);

/** The JSON text of one schema (input side: what a user writes). */
export function renderJsonSchema(name: string, schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  return `${JSON.stringify({ $id: `https://fidelis.dev/schemas/${name}.schema.json`, title: name, ...json }, null, 2)}\n`;
}
