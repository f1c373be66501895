import { validationError } from '../errors.ts';
import type { WriteCheck } from '../state/writes.ts';

/**
 * How a batch write answers an input whose property value is invalid (an enumeration value that is
 * not, or no longer, one of the property's options; text over the length limit; text in a number):
 * - `reject` (default): the whole call fails with 400 VALIDATION_ERROR and nothing is written. The
 *   message lists the bad properties and names no record: HubSpot's "Property values were not
 *   valid: [{isValid:false, error, name, ...}]" answer to batch writes, as reported in
 *   Atlas-Authority/marketing-automation#174 (one bad email failed a batch upsert) and handled by
 *   splitting in airbytehq/airbyte#76340 and rudderlabs/rudder-transformer#5147 (a batched HubSpot
 *   request failing with 400 is retried record by record).
 * - `reject-naming-ids`: the same 400, with `context.ids` naming the offending inputs, the shape
 *   HubSpot's error model documents for batch errors ("Error handling", developers.hubspot.com/docs/
 *   api/error-handling: `context` maps a key such as `ids` to the values involved).
 * - `per-record`: lenient, for focused tests only: a 207 failing just the bad inputs.
 */
export const INVALID_VALUE_POLICIES = ['reject', 'reject-naming-ids', 'per-record'] as const;
export type InvalidValuePolicy = (typeof INVALID_VALUE_POLICIES)[number];

/**
 * Throws the whole-call 400 when the policy rejects and any input carries an invalid value. `ids`
 * are the inputs' record ids (or upsert keys); inputs without one (batch create) are not named.
 */
export function rejectInvalidValues(
  policy: InvalidValuePolicy,
  checks: readonly WriteCheck[],
  ids: readonly (string | undefined)[],
): void {
  if (policy === 'per-record') return;
  const bad = checks.flatMap((check, index) => (check.invalid.length > 0 ? [index] : []));
  if (bad.length === 0) return;
  const problems = bad.flatMap((index) =>
    checks[index]!.invalid.map((invalid) => ({
      isValid: false,
      message: invalid.message,
      error: invalid.error,
      name: invalid.name,
      localizedErrorMessage: invalid.message,
    })),
  );
  const named = bad.map((index) => ids[index]).filter((id): id is string => id !== undefined);
  throw validationError(`Property values were not valid: ${JSON.stringify(problems)}`, {
    errors: problems.map((problem) => ({
      message: problem.message,
      code: problem.error,
      context: { propertyName: [problem.name] },
    })),
    ...(policy === 'reject-naming-ids' && named.length > 0 ? { context: { ids: named } } : {}),
  });
}
