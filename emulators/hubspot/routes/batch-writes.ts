import { ApiError, type StandardError, standardError, validationError } from '../errors.ts';
import type { FaultController } from '../faults.ts';
import { bodyObject, type HandlerResult, objectTypeParam, type RequestContext } from '../http/router.ts';
import type { CrmState } from '../state/crm-state.ts';
import { objectJson } from '../state/object-json.ts';
import { batchInputs, batchResult, duplicates } from './batch-response.ts';
import { type InvalidValuePolicy, rejectInvalidValues } from './invalid-values.ts';
import { createAssociations, requireTimestamp } from './objects.ts';

/**
 * Batch create. An invalid property value follows the invalid-value policy (by default the whole
 * call fails with 400 before anything is created). Other failures of an input (a duplicate unique
 * value) fail the whole call with 400 unless every input carries an `objectWriteTraceId`, which
 * turns them into per-input 207 errors.
 */
export function batchCreate(
  state: CrmState,
  policy: InvalidValuePolicy,
  context: RequestContext,
): HandlerResult {
  const type = objectTypeParam(context);
  const inputs = batchInputs(bodyObject(context));
  const traced = inputs.length > 0 && inputs.every((input) => typeof input.objectWriteTraceId === 'string');
  const checks = inputs.map((input) => state.check(type, input.properties ?? {}));
  rejectInvalidValues(policy, checks, []);
  // Lenient policy without trace ids: a bad value still fails the call, before anything is created.
  const untracedInvalid = !traced && checks.find((check) => check.invalid.length > 0);
  if (untracedInvalid)
    throw validationError(`Property values were not valid: ${JSON.stringify(untracedInvalid.invalid)}`);
  const results: unknown[] = [];
  const errors: StandardError[] = [];
  inputs.forEach((input, index) => {
    const trace = typeof input.objectWriteTraceId === 'string' ? input.objectWriteTraceId : undefined;
    const fail = (error: ApiError): void => {
      if (!traced) throw error;
      errors.push(standardError(error.category, error.message, { objectWriteTraceId: [trace!] }));
    };
    const check = checks[index]!;
    if (check.invalid.length > 0) {
      fail(validationError(`Property values were not valid: ${JSON.stringify(check.invalid)}`));
      return;
    }
    try {
      requireTimestamp(type, check.values);
      const object = state.create(type, check.values);
      createAssociations(state, type, object.id, input.associations);
      const json = objectJson(state, type, object, { properties: Object.keys(check.values) });
      results.push(trace ? { ...json, objectWriteTraceId: trace } : json);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      fail(error);
    }
  });
  return batchResult(results, errors, state.now(), 201);
}

/** Batch upsert by a unique property (`idProperty`): creates or updates, marking results `new`. */
export function batchUpsert(
  state: CrmState,
  faults: FaultController,
  policy: InvalidValuePolicy,
  context: RequestContext,
): HandlerResult {
  const type = objectTypeParam(context);
  const inputs = batchInputs(bodyObject(context));
  const unique = new Set(state.properties.uniqueNames(type));
  for (const input of inputs) {
    if (typeof input.idProperty !== 'string' || !unique.has(input.idProperty)) {
      throw validationError(
        `idProperty ${JSON.stringify(input.idProperty)} is not a unique-value property of ${type}; upsert needs one.`,
      );
    }
  }
  const repeated = duplicates(
    inputs.map((input) => `${String(input.idProperty)}=${String(input.id).toLowerCase()}`),
  );
  if (repeated.length > 0)
    throw validationError(`Duplicate IDs found in batch input: [${repeated.join(', ')}]. IDs must be unique`);
  const checks = inputs.map((input) => state.check(type, input.properties ?? {}));
  rejectInvalidValues(
    policy,
    checks,
    inputs.map((input) => String(input.id)),
  );
  const results: unknown[] = [];
  const errors: StandardError[] = [];
  const now = state.now();
  inputs.forEach((input, index) => {
    const key = String(input.id);
    const idProperty = String(input.idProperty);
    const check = checks[index]!;
    const injected = faults.takeRecordFault(key);
    if (injected) {
      errors.push(standardError(injected.category, injected.message, { ids: [key] }));
      return;
    }
    if (check.invalid.length > 0) {
      errors.push(
        standardError(
          'VALIDATION_ERROR',
          `Property values were not valid: ${JSON.stringify(check.invalid)}`,
          { ids: [key] },
        ),
      );
      return;
    }
    const values = { ...check.values, [idProperty]: key };
    const existing = state.tables[type].findUnique(idProperty, key);
    const live = existing === undefined ? undefined : state.live(type, existing);
    try {
      if (!live) requireTimestamp(type, values);
      const object = live ? state.update(type, live.id, values, now) : state.create(type, values);
      const json = objectJson(state, type, object, { properties: Object.keys(values) });
      results.push({ ...json, new: !live });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      errors.push(standardError(error.category, error.message, { ids: [key] }));
    }
  });
  return batchResult(results, errors, now);
}
