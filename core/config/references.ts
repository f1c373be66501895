import type { z } from 'zod';
import { quoteList, suggestionHint } from './suggest.ts';

export interface ReferenceCheck {
  /** The name as written, e.g. the `to:` of a workflow action. */
  readonly value: string;
  /** Names that exist, e.g. the configured connectors. */
  readonly candidates: readonly string[];
  /** Path of the referencing field, relative to the schema the refinement is attached to. */
  readonly path: readonly PropertyKey[];
  /** What kind of thing is referenced, for the message: "connector" -> "unknown connector 'x'". */
  readonly what: string;
}

/** Hint for a dangling reference: the likely intended name, or what exists. */
export function referenceHint(value: string, candidates: readonly string[], what: string): string {
  if (candidates.length === 0) return `no ${what}s are configured`;
  const hint = suggestionHint(value, candidates);
  return hint?.startsWith('did you mean') ? hint : `configured ${what}s are ${quoteList(candidates, 'and')}`;
}

/**
 * Reports, inside a zod superRefine, a name that must match something defined elsewhere in the
 * config. Returns whether the reference resolved, so callers can skip checks that depend on it.
 */
export function checkReference(ctx: z.RefinementCtx, check: ReferenceCheck): boolean {
  if (check.candidates.includes(check.value)) return true;
  ctx.addIssue({
    code: 'custom',
    path: [...check.path],
    message: `unknown ${check.what} '${check.value}'`,
    params: { hint: referenceHint(check.value, check.candidates, check.what) },
  });
  return false;
}
