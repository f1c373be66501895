import { ApiError, type StandardError, standardError, validationError } from '../errors.ts';
import type { FaultController } from '../faults.ts';
import {
  bodyObject,
  type HandlerResult,
  objectTypeParam,
  type RequestContext,
  type Router,
} from '../http/router.ts';
import type { CrmState } from '../state/crm-state.ts';
import { objectJson } from '../state/object-json.ts';
import { type ObjectType, objectTypeInfo } from '../state/object-types.ts';
import { batchInputs, batchResult, duplicates } from './batch-response.ts';
import { batchCreate, batchUpsert } from './batch-writes.ts';
import { type InvalidValuePolicy, rejectInvalidValues } from './invalid-values.ts';

export interface BatchOptions {
  /** How batch update answers ids that do not exist: per-record 207 errors, or a 400 for the whole call. */
  readonly missingIds: '207' | '400';
  /** How batch update, upsert and create answer invalid property values (see invalid-values.ts). */
  readonly invalidValues: InvalidValuePolicy;
}

/** Batch read, update, upsert, create and archive (at most 100 inputs each). */
export function batchRoutes(
  router: Router,
  state: CrmState,
  faults: FaultController,
  options: BatchOptions,
): void {
  router.add('POST', '/crm/v3/objects/:objectType/batch/read', (context) => read(state, context));
  router.add('POST', '/crm/v3/objects/:objectType/batch/update', (context) =>
    update(state, faults, options, context),
  );
  router.add('POST', '/crm/v3/objects/:objectType/batch/upsert', (context) =>
    batchUpsert(state, faults, options.invalidValues, context),
  );
  router.add('POST', '/crm/v3/objects/:objectType/batch/create', (context) =>
    batchCreate(state, options.invalidValues, context),
  );
  router.add('POST', '/crm/v3/objects/:objectType/batch/archive', (context) => {
    const type = objectTypeParam(context);
    for (const input of batchInputs(bodyObject(context))) {
      if (state.live(type, String(input.id))) state.archive(type, String(input.id));
    }
    return { status: 204 };
  });
}

export function missingError(type: ObjectType, ids: string[]): StandardError {
  return standardError(
    'OBJECT_NOT_FOUND',
    `Could not get some ${objectTypeInfo[type].upperName} objects, they may be deleted or not exist. Check that ids are valid.`,
    { ids },
  );
}

function read(state: CrmState, context: RequestContext): HandlerResult {
  const type = objectTypeParam(context);
  const body = bodyObject(context);
  const withHistory = Array.isArray(body.propertiesWithHistory) && body.propertiesWithHistory.length > 0;
  const inputs = batchInputs(body, withHistory ? 50 : 100);
  const archived = context.query.get('archived') === 'true';
  const properties = Array.isArray(body.properties) ? (body.properties as string[]) : null;
  const idProperty =
    typeof body.idProperty === 'string' && body.idProperty !== 'hs_object_id' ? body.idProperty : null;
  // "idProperty refers to a property whose values are unique for the object" (HubSpot objects API,
  // batch read): reading by a property that allows duplicates is refused, not answered by search.
  if (idProperty && !state.properties.uniqueNames(type).includes(idProperty))
    throw validationError(`${idProperty} is not a unique-value property of ${type}; idProperty needs one.`);
  const results: unknown[] = [];
  const missing: string[] = [];
  for (const input of inputs) {
    const raw = String(input.id ?? '');
    const id = idProperty ? state.tables[type].findUnique(idProperty, raw) : Number(raw);
    const object = id === undefined ? undefined : state.tables[type].get(id);
    if (!object || (object.archivedAt !== null) !== archived) missing.push(raw);
    else results.push(objectJson(state, type, object, { properties }));
  }
  return batchResult(results, missing.length > 0 ? [missingError(type, missing)] : [], state.now());
}

function update(
  state: CrmState,
  faults: FaultController,
  options: BatchOptions,
  context: RequestContext,
): HandlerResult {
  const type = objectTypeParam(context);
  const inputs = batchInputs(bodyObject(context));
  const repeated = duplicates(inputs.map((input) => String(input.id)));
  if (repeated.length > 0)
    throw validationError(`Duplicate IDs found in batch input: [${repeated.join(', ')}]. IDs must be unique`);
  const checks = inputs.map((input) => state.check(type, input.properties ?? {}));
  rejectInvalidValues(
    options.invalidValues,
    checks,
    inputs.map((input) => String(input.id)),
  );
  const missing = inputs.map((input) => String(input.id)).filter((id) => !state.live(type, id));
  if (missing.length > 0 && options.missingIds === '400') {
    throw new ApiError(400, 'VALIDATION_ERROR', missingError(type, missing).message, {
      context: { ids: missing },
    });
  }
  const results: unknown[] = [];
  const errors: StandardError[] = missing.length > 0 ? [missingError(type, missing)] : [];
  const now = state.now();
  inputs.forEach((input, index) => {
    const id = String(input.id);
    if (missing.includes(id)) return;
    const injected = faults.takeRecordFault(id);
    if (injected) {
      errors.push(standardError(injected.category, injected.message, { ids: [id] }));
      return;
    }
    const check = checks[index]!;
    if (check.invalid.length > 0) {
      errors.push(
        standardError(
          'VALIDATION_ERROR',
          `Property values were not valid: ${JSON.stringify(check.invalid)}`,
          {
            ids: [id],
            propertyName: check.invalid.map((problem) => problem.name),
          },
        ),
      );
      return;
    }
    try {
      const object = state.update(type, id, check.values, now);
      results.push(objectJson(state, type, object, { properties: Object.keys(check.values) }));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      errors.push(standardError(error.category, error.message, { ids: [id] }));
    }
  });
  return batchResult(results, errors, now);
}
