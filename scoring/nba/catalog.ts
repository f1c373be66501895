/**
 * Catalog helpers: eligibility filtering and the "always do X" policies that a learned policy
 * has to beat. Catalog order matters: the first eligible action is the fallback when the
 * preferred one is not allowed, so configs list the no-op / control action first.
 */
import type { Action, Policy } from './types.ts';

export function eligibleActions<Ctx>(catalog: readonly Action<Ctx>[], context: Ctx): Action<Ctx>[] {
  return catalog.filter((action) => action.eligible === undefined || action.eligible(context));
}

export function findAction<Ctx>(catalog: readonly Action<Ctx>[], actionId: string): Action<Ctx> {
  const action = catalog.find((a) => a.id === actionId);
  if (!action) {
    throw new Error(
      `unknown action id ${JSON.stringify(actionId)}; catalog has ${catalog.map((a) => a.id).join(', ')}`,
    );
  }
  return action;
}

export function validateCatalog<Ctx>(catalog: readonly Action<Ctx>[]): void {
  if (catalog.length === 0) throw new Error('action catalog is empty; add at least a no-op action');
  const seen = new Set<string>();
  catalog.forEach((action, index) => {
    if (!action.id) throw new Error(`action catalog entry #${index}: id must be a non-empty string`);
    if (seen.has(action.id))
      throw new Error(`action catalog entry #${index}: duplicate id ${JSON.stringify(action.id)}`);
    if (action.cost !== undefined && !Number.isFinite(action.cost)) {
      throw new Error(`action catalog entry #${index} (${action.id}): cost must be a finite number`);
    }
    seen.add(action.id);
  });
}

/** "Always take `actionId`", falling back to the first eligible action where it is not allowed. */
export function singleActionPolicy<Ctx>(catalog: readonly Action<Ctx>[], actionId: string): Policy<Ctx> {
  const preferred = findAction(catalog, actionId);
  return (context, index) => {
    if (preferred.eligible === undefined || preferred.eligible(context)) return preferred.id;
    const fallback = eligibleActions(catalog, context)[0];
    if (!fallback)
      throw new Error(
        `context #${index}: no action in the catalog is eligible; add an always-eligible no-op`,
      );
    return fallback.id;
  };
}
