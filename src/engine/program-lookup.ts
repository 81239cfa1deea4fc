import { FidelisError } from '../core/errors.js';
import type { Program } from '../rules/program.js';
import type { EngineContext } from './context.js';

/**
 * Index programs by id, keeping their order (the first is the default). Throws
 * `VALIDATION_FAILED` on a duplicate id.
 *
 * @example
 * ```ts
 * const programs = programMap([parseProgram(json)]);
 * ```
 */
export function programMap(programs: readonly Program[]): ReadonlyMap<string, Program> {
  const map = new Map<string, Program>();
  programs.forEach((p, i) => {
    if (map.has(p.id)) {
      throw new FidelisError('VALIDATION_FAILED', `programs[${i}].id: "${p.id}" is used twice`, { issues: [{ path: `programs[${i}].id`, message: `"${p.id}" is used twice` }] });
    }
    map.set(p.id, p);
  });
  return map;
}

/**
 * The program with `programId`, or the default (first) one. Throws `NOT_FOUND` when there is
 * no such program (or none at all).
 *
 * @example
 * ```ts
 * const program = requireProgram(ctx, undefined);
 * ```
 */
export function requireProgram(ctx: EngineContext, programId: string | undefined): Program {
  const program = programId === undefined ? ctx.programs.values().next().value : ctx.programs.get(programId);
  if (program === undefined) {
    const what = programId === undefined ? 'no program configured (createLoyaltyEngine({ programs }))' : `program "${programId}" is not configured`;
    throw new FidelisError('NOT_FOUND', `programId: ${what}`, { programId });
  }
  return program;
}
