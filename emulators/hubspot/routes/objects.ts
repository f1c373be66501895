import { notFound, validationError } from '../errors.ts';
import {
  bodyObject,
  type HandlerResult,
  listParam,
  objectTypeParam,
  type RequestContext,
  type Router,
} from '../http/router.ts';
import { type AssociationPaging, pairForTypeId } from '../state/associations.ts';
import type { CrmState } from '../state/crm-state.ts';
import { objectJson } from '../state/object-json.ts';
import type { StoredObject } from '../state/object-table.ts';
import { isEngagement, type ObjectType, resolveObjectType } from '../state/object-types.ts';

const MAX_PAGE = 100;

/** Basic object endpoints: list (paged by id), get, create, update, archive, merge, GDPR delete. */
export function objectRoutes(router: Router, state: CrmState, paging: AssociationPaging): void {
  router.add('GET', '/crm/v3/objects/:objectType', (context) => list(state, context, paging));
  router.add('POST', '/crm/v3/objects/:objectType/merge', (context) => merge(state, context));
  router.add('POST', '/crm/v3/objects/:objectType/gdpr-delete', (context) => gdprDelete(state, context));
  router.add('GET', '/crm/v3/objects/:objectType/:objectId', (context) => get(state, context, paging));
  router.add('POST', '/crm/v3/objects/:objectType', (context) => create(state, context));
  router.add('PATCH', '/crm/v3/objects/:objectType/:objectId', (context) => update(state, context));
  router.add('DELETE', '/crm/v3/objects/:objectType/:objectId', (context) => {
    state.archive(objectTypeParam(context), resolveId(state, objectTypeParam(context), context));
    return { status: 204 };
  });
}

export function associationTypesParam(query: URLSearchParams): ObjectType[] {
  return (listParam(query, 'associations') ?? []).map((name) => {
    const type = resolveObjectType(name);
    if (!type) throw validationError(`Unable to infer object type from: ${name}`);
    return type;
  });
}

function list(state: CrmState, context: RequestContext, paging: AssociationPaging): HandlerResult {
  const type = objectTypeParam(context);
  const limit = pageSize(context.query.get('limit'));
  const afterText = context.query.get('after');
  if (afterText !== null && !/^\d+$/.test(afterText))
    throw validationError(`Invalid paging cursor: ${afterText}`);
  const archived = context.query.get('archived') === 'true';
  const properties = listParam(context.query, 'properties');
  const associations = associationTypesParam(context.query);
  const page: StoredObject[] = [];
  let next: StoredObject | undefined;
  for (const object of state.tables[type].scanFrom(afterText === null ? 0 : Number(afterText), archived)) {
    if (page.length === limit) {
      next = object;
      break;
    }
    page.push(object);
  }
  const body: Record<string, unknown> = {
    results: page.map((object) =>
      objectJson(state, type, object, {
        properties,
        associations,
        associationPageSize: paging.objects,
        baseUrl: context.baseUrl,
      }),
    ),
  };
  if (next) {
    const after = String(next.id);
    body.paging = { next: { after, link: `${context.baseUrl}/crm/v3/objects/${type}?after=${after}` } };
  }
  return { status: 200, body };
}

function pageSize(raw: string | null): number {
  if (raw === null) return 10;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1)
    throw validationError(`limit must be a positive whole number; got ${raw}`);
  // HubSpot serves at most 100 per page whatever the request says.
  return Math.min(limit, MAX_PAGE);
}

function resolveId(state: CrmState, type: ObjectType, context: RequestContext): number {
  const raw = context.params.objectId!;
  const idProperty = context.query.get('idProperty');
  if (!idProperty || idProperty === 'hs_object_id') return Number(raw);
  const id = state.tables[type].findUnique(idProperty, raw);
  if (id === undefined) throw notFound(`No ${type} with ${idProperty}=${raw}`);
  return id;
}

function get(state: CrmState, context: RequestContext, paging: AssociationPaging): HandlerResult {
  const type = objectTypeParam(context);
  const id = resolveId(state, type, context);
  const object = state.tables[type].get(id);
  const archived = context.query.get('archived') === 'true';
  if (!object || (object.archivedAt !== null) !== archived)
    throw notFound(`Object not found. objectId are usually numeric.`);
  const properties = listParam(context.query, 'properties');
  return {
    status: 200,
    body: objectJson(state, type, object, {
      properties,
      associations: associationTypesParam(context.query),
      associationPageSize: paging.objects,
      baseUrl: context.baseUrl,
    }),
  };
}

/** Applies the v3 `associations` of a create input: [{to: {id}, types: [{associationTypeId}]}]. */
export function createAssociations(
  state: CrmState,
  type: ObjectType,
  id: number,
  associations: unknown,
): void {
  if (associations === undefined) return;
  if (!Array.isArray(associations)) throw validationError('associations must be an array.');
  for (const association of associations as {
    to?: { id?: unknown };
    types?: { associationTypeId?: unknown }[];
  }[]) {
    for (const spec of association.types ?? []) {
      const pair = pairForTypeId(Number(spec.associationTypeId));
      if (!pair || pair.from !== type) {
        throw validationError(
          `associationTypeId ${String(spec.associationTypeId)} is not valid from ${type}.`,
        );
      }
      state.associate(type, id, pair.to, String(association.to?.id));
    }
  }
}

export function requireTimestamp(type: ObjectType, values: Record<string, string>): void {
  if (isEngagement(type) && !values.hs_timestamp) {
    throw validationError('Property values were not valid: hs_timestamp is required for engagements.', {
      errors: [
        {
          message: 'hs_timestamp is required',
          code: 'REQUIRED_PROPERTY',
          context: { propertyName: ['hs_timestamp'] },
        },
      ],
    });
  }
}

function create(state: CrmState, context: RequestContext): HandlerResult {
  const type = objectTypeParam(context);
  const body = bodyObject(context);
  const checked = state.check(type, body.properties ?? {});
  if (checked.invalid.length > 0)
    throw validationError(`Property values were not valid: ${JSON.stringify(checked.invalid)}`);
  requireTimestamp(type, checked.values);
  const object = state.create(type, checked.values);
  createAssociations(state, type, object.id, body.associations);
  return { status: 201, body: objectJson(state, type, object, { properties: Object.keys(checked.values) }) };
}

function update(state: CrmState, context: RequestContext): HandlerResult {
  const type = objectTypeParam(context);
  const checked = state.check(type, bodyObject(context).properties ?? {});
  if (checked.invalid.length > 0)
    throw validationError(`Property values were not valid: ${JSON.stringify(checked.invalid)}`);
  const object = state.update(type, resolveId(state, type, context), checked.values);
  return { status: 200, body: objectJson(state, type, object, { properties: Object.keys(checked.values) }) };
}

function merge(state: CrmState, context: RequestContext): HandlerResult {
  const type = objectTypeParam(context);
  const body = bodyObject(context);
  if (body.primaryObjectId === undefined || body.objectIdToMerge === undefined) {
    throw validationError('primaryObjectId and objectIdToMerge are required.');
  }
  const winner = state.merge(type, String(body.primaryObjectId), String(body.objectIdToMerge));
  return { status: 200, body: objectJson(state, type, winner, { properties: null }) };
}

function gdprDelete(state: CrmState, context: RequestContext): HandlerResult {
  const type = objectTypeParam(context);
  const body = bodyObject(context);
  const idProperty = typeof body.idProperty === 'string' ? body.idProperty : 'hs_object_id';
  const raw = String(body.objectId ?? '');
  const id = idProperty === 'hs_object_id' ? Number(raw) : state.tables[type].findUnique(idProperty, raw);
  if (id === undefined || !state.tables[type].get(id)) throw notFound(`No ${type} with ${idProperty}=${raw}`);
  state.purge(type, id);
  return { status: 204 };
}
