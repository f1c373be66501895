import { type StandardError, validationError } from '../errors.ts';

export const MAX_BATCH_INPUTS = 100;

/** The `inputs` array of a batch body, with HubSpot's 100-input ceiling. */
export function batchInputs(
  body: Record<string, unknown>,
  max = MAX_BATCH_INPUTS,
): Record<string, unknown>[] {
  const inputs = body.inputs;
  if (!Array.isArray(inputs)) throw validationError('Invalid input JSON: inputs must be an array.');
  if (inputs.length > max) {
    throw validationError(
      `The maximum number of inputs supported in a batch request is ${max}. You provided ${inputs.length}.`,
      {
        context: { limit: [String(max)] },
      },
    );
  }
  return inputs.map((input, index) => {
    if (typeof input !== 'object' || input === null)
      throw validationError(`inputs[${index}] must be an object.`);
    return input as Record<string, unknown>;
  });
}

/** 200/201 "COMPLETE" when every input worked, 207 with `numErrors` and `errors[]` otherwise. */
export function batchResult(
  results: unknown[],
  errors: StandardError[],
  startedAt: number,
  okStatus = 200,
): { status: number; body: Record<string, unknown> } {
  const body: Record<string, unknown> = {
    status: 'COMPLETE',
    results,
    startedAt: new Date(startedAt).toISOString(),
    completedAt: new Date(startedAt).toISOString(),
  };
  if (errors.length === 0) return { status: okStatus, body };
  return { status: 207, body: { ...body, numErrors: errors.length, errors } };
}

export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated];
}
