import { type StandardError, standardError, validationError } from '../errors.ts';
import {
  bodyObject,
  type HandlerResult,
  objectTypeParam,
  type RequestContext,
  type Router,
} from '../http/router.ts';
import { type AssociationPaging, associationPage, associationTypeId } from '../state/associations.ts';
import type { CrmState } from '../state/crm-state.ts';
import { type ObjectType, objectTypeInfo } from '../state/object-types.ts';
import { batchInputs, batchResult } from './batch-response.ts';

const MAX_V4_BATCH = 1000;

/** Associations v4: per-record page, batch read, and default (unlabelled) association create. */
export function associationRoutes(router: Router, state: CrmState, paging: AssociationPaging): void {
  router.add('GET', '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType', (context) =>
    page(state, context),
  );
  router.add(
    'PUT',
    '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/default/:toObjectType/:toObjectId',
    (context) => {
      const from = objectTypeParam(context, 'fromObjectType');
      const to = objectTypeParam(context, 'toObjectType');
      state.associate(from, context.params.fromObjectId!, to, context.params.toObjectId!);
      const result = defaultResult(from, context.params.fromObjectId!, to, context.params.toObjectId!);
      return batchResult([result], [], state.now());
    },
  );
  router.add('POST', '/crm/v4/associations/:fromObjectType/:toObjectType/batch/read', (context) =>
    batchRead(state, context, paging),
  );
  router.add(
    'POST',
    '/crm/v4/associations/:fromObjectType/:toObjectType/batch/associate/default',
    (context) => {
      const from = objectTypeParam(context, 'fromObjectType');
      const to = objectTypeParam(context, 'toObjectType');
      const results: unknown[] = [];
      const errors: StandardError[] = [];
      for (const input of batchInputs(bodyObject(context), MAX_V4_BATCH)) {
        const fromId = String((input.from as { id?: unknown } | undefined)?.id ?? '');
        const toId = String((input.to as { id?: unknown } | undefined)?.id ?? '');
        if (!state.live(from, fromId) || !state.live(to, toId)) {
          errors.push(
            standardError(
              'OBJECT_NOT_FOUND',
              `Could not associate ${from} ${fromId} with ${to} ${toId}: not found.`,
              { ids: [fromId, toId] },
            ),
          );
          continue;
        }
        state.associate(from, fromId, to, toId);
        results.push(defaultResult(from, fromId, to, toId));
      }
      return batchResult(results, errors, state.now());
    },
  );
}

function typesOf(from: ObjectType, to: ObjectType): unknown[] {
  return [{ category: 'HUBSPOT_DEFINED', typeId: associationTypeId(from, to) ?? 0, label: null }];
}

function defaultResult(
  from: ObjectType,
  fromId: string,
  to: ObjectType,
  toId: string,
): Record<string, unknown> {
  return {
    from: { id: fromId },
    to: { id: toId },
    associationSpec: {
      associationCategory: 'HUBSPOT_DEFINED',
      associationTypeId: associationTypeId(from, to) ?? 0,
    },
  };
}

function page(state: CrmState, context: RequestContext): HandlerResult {
  const from = objectTypeParam(context);
  const to = objectTypeParam(context, 'toObjectType');
  const limit = Math.min(500, Number(context.query.get('limit') ?? 500));
  const after = Number(context.query.get('after') ?? 0);
  if (!Number.isInteger(after) || after < 0)
    throw validationError(`Invalid paging cursor: ${context.query.get('after')}`);
  const ids = state.associations.get(from, Number(context.params.objectId), to);
  const slice = ids.slice(after, after + limit);
  const body: Record<string, unknown> = {
    results: slice.map((id) => ({ toObjectId: id, associationTypes: typesOf(from, to) })),
  };
  if (after + limit < ids.length) body.paging = { next: { after: String(after + limit) } };
  return { status: 200, body };
}

function afterParam(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return 0;
  const after = Number(raw);
  if (!Number.isInteger(after) || after < 0) throw validationError(`Invalid paging cursor: ${String(raw)}`);
  return after;
}

function batchRead(state: CrmState, context: RequestContext, paging: AssociationPaging): HandlerResult {
  const from = objectTypeParam(context, 'fromObjectType');
  const to = objectTypeParam(context, 'toObjectType');
  const results: unknown[] = [];
  const errors: StandardError[] = [];
  for (const input of batchInputs(bodyObject(context), MAX_V4_BATCH)) {
    const id = String(input.id ?? '');
    const after = afterParam(input.after);
    const all = state.live(from, id) ? state.associations.get(from, Number(id), to) : [];
    const { ids, next } = associationPage(all, after, paging.batchRead);
    if (all.length === 0) {
      errors.push({
        ...standardError(
          'OBJECT_NOT_FOUND',
          `No ${objectTypeInfo[to].singular} is associated with ${objectTypeInfo[from].singular} ${id}.`,
          {
            fromObjectId: [id],
          },
        ),
        subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
      });
      continue;
    }
    const result: Record<string, unknown> = {
      from: { id },
      to: ids.map((toId) => ({ toObjectId: toId, associationTypes: typesOf(from, to) })),
    };
    // Each record pages on its own: send {id, after} back for the next page of that record.
    if (next !== null) result.paging = { next: { after: next } };
    results.push(result);
  }
  return batchResult(results, errors, state.now());
}
