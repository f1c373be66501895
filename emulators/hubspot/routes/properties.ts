import { ApiError, type StandardError, standardError } from '../errors.ts';
import {
  bodyObject,
  type HandlerResult,
  objectTypeParam,
  type RequestContext,
  type Router,
} from '../http/router.ts';
import type { CrmState } from '../state/crm-state.ts';
import type { PropertyCreateInput } from '../state/property-registry.ts';
import { groupJson, propertyJson } from '../state/property-types.ts';
import { batchInputs, batchResult } from './batch-response.ts';

/** Properties and property groups: CRUD, batch create/read/archive, 409 on duplicate names. */
export function propertyRoutes(router: Router, state: CrmState): void {
  const registry = state.properties;
  router.add('GET', '/crm/v3/properties/:objectType/groups', (context) => ({
    status: 200,
    body: { results: registry.groups(objectTypeParam(context)).map(groupJson) },
  }));
  router.add('POST', '/crm/v3/properties/:objectType/groups', (context) => ({
    status: 201,
    body: groupJson(registry.createGroup(objectTypeParam(context), bodyObject(context))),
  }));
  router.add('GET', '/crm/v3/properties/:objectType/groups/:groupName', (context) => ({
    status: 200,
    body: groupJson(registry.group(objectTypeParam(context), context.params.groupName!)),
  }));
  router.add('PATCH', '/crm/v3/properties/:objectType/groups/:groupName', (context) => {
    const group = registry.group(objectTypeParam(context), context.params.groupName!);
    const body = bodyObject(context);
    if (typeof body.label === 'string') group.label = body.label;
    if (typeof body.displayOrder === 'number') group.displayOrder = body.displayOrder;
    return { status: 200, body: groupJson(group) };
  });
  router.add('DELETE', '/crm/v3/properties/:objectType/groups/:groupName', (context) => {
    registry.archiveGroup(objectTypeParam(context), context.params.groupName!);
    return { status: 204 };
  });
  router.add('POST', '/crm/v3/properties/:objectType/batch/create', (context) => batchCreate(state, context));
  router.add('POST', '/crm/v3/properties/:objectType/batch/read', (context) => batchRead(state, context));
  router.add('POST', '/crm/v3/properties/:objectType/batch/archive', (context) => {
    const type = objectTypeParam(context);
    for (const input of batchInputs(bodyObject(context))) registry.archive(type, String(input.name));
    return { status: 204 };
  });
  router.add('GET', '/crm/v3/properties/:objectType', (context) => ({
    status: 200,
    body: {
      results: registry
        .list(objectTypeParam(context), context.query.get('archived') === 'true')
        .map(propertyJson),
    },
  }));
  router.add('POST', '/crm/v3/properties/:objectType', (context) => ({
    status: 201,
    body: propertyJson(
      registry.create(objectTypeParam(context), bodyObject(context) as PropertyCreateInput, state.now()),
    ),
  }));
  router.add('GET', '/crm/v3/properties/:objectType/:propertyName', (context) => {
    const property = registry.get(objectTypeParam(context), context.params.propertyName!);
    if (!property)
      throw new ApiError(404, 'OBJECT_NOT_FOUND', `Property ${context.params.propertyName} does not exist`);
    return { status: 200, body: propertyJson(property) };
  });
  router.add('PATCH', '/crm/v3/properties/:objectType/:propertyName', (context) => ({
    status: 200,
    body: propertyJson(
      registry.update(
        objectTypeParam(context),
        context.params.propertyName!,
        bodyObject(context),
        state.now(),
      ),
    ),
  }));
  router.add('DELETE', '/crm/v3/properties/:objectType/:propertyName', (context) => {
    registry.archive(objectTypeParam(context), context.params.propertyName!);
    return { status: 204 };
  });
}

function batchCreate(state: CrmState, context: RequestContext): HandlerResult {
  const type = objectTypeParam(context);
  const results: unknown[] = [];
  const errors: StandardError[] = [];
  for (const input of batchInputs(bodyObject(context))) {
    try {
      results.push(propertyJson(state.properties.create(type, input as PropertyCreateInput, state.now())));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      errors.push(standardError(error.category, error.message, { name: [String(input.name)] }));
    }
  }
  return batchResult(results, errors, state.now(), 201);
}

function batchRead(state: CrmState, context: RequestContext): HandlerResult {
  const type = objectTypeParam(context);
  const results: unknown[] = [];
  const missing: string[] = [];
  for (const input of batchInputs(bodyObject(context))) {
    const property = state.properties.get(type, String(input.name));
    if (property) results.push(propertyJson(property));
    else missing.push(String(input.name));
  }
  const errors =
    missing.length > 0
      ? [standardError('OBJECT_NOT_FOUND', `Properties not found: ${missing.join(', ')}`, { name: missing })]
      : [];
  return batchResult(results, errors, state.now());
}
