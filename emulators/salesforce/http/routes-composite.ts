import express, { type Request, type Response, type Router } from 'express';
import {
  createRecord,
  deleteRecord,
  type SaveResult,
  unknownFields,
  updateRecord,
  upsertRecord,
} from '../dml.ts';
import type { OrgState } from '../org-state.ts';
import type { Row } from '../values.ts';
import { sendError } from './errors.ts';

const MAX_RECORDS = 200;

interface CollectionBody {
  allOrNone?: boolean;
  records?: unknown;
}

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

function wire(result: SaveResult, withCreated: boolean) {
  return {
    id: result.id,
    success: result.success,
    errors: result.errors.map((e) => ({ statusCode: e.statusCode, message: e.message, fields: e.fields })),
    ...(withCreated && result.success ? { created: result.created === true } : {}),
  };
}

/**
 * sObject Collections: create (POST), update (PATCH), upsert on an external id (PATCH
 * /{SObject}/{field}) and delete, at most 200 records, answered with one SaveResult per record
 * in input order. allOrNone rolls every record back when one fails.
 */
export function compositeRoutes(state: OrgState): Router {
  const router = express.Router({ mergeParams: true });

  const run = (
    req: Request,
    res: Response,
    apply: (record: Record<string, unknown>, type: string) => SaveResult,
    withCreated: boolean,
  ) => {
    const body = (req.body ?? {}) as CollectionBody;
    if (!Array.isArray(body.records)) {
      sendError(
        res,
        400,
        'JSON_PARSER_ERROR',
        'Cannot deserialize instance of SObjectCollection: records is required',
      );
      return;
    }
    const records = body.records as Record<string, unknown>[];
    if (records.length > MAX_RECORDS) {
      sendError(
        res,
        400,
        'EXCEEDED_ID_LIMIT',
        `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`,
      );
      return;
    }
    for (const record of records) {
      const type = (record.attributes as { type?: string } | undefined)?.type;
      const table = type ? state.table(type) : undefined;
      const unknown = table ? unknownFields(table, record).filter((name) => name.toLowerCase() !== 'id') : [];
      if (unknown.length > 0) {
        sendError(
          res,
          400,
          'INVALID_FIELD',
          `No such column '${unknown[0]}' on sobject of type ${table!.name}`,
        );
        return;
      }
    }
    const undo: (() => void)[] = [];
    const results = records.map((record) => {
      const type = (record.attributes as { type?: string } | undefined)?.type;
      const table = type ? state.table(type) : undefined;
      if (!table) {
        return {
          id: null,
          success: false,
          errors: [{ statusCode: 'INVALID_TYPE', message: 'Must send a concrete entity type.', fields: [] }],
        };
      }
      const id = (record.id ?? record.Id) as string | undefined;
      const before: Row | undefined = typeof id === 'string' ? table.get(id) : undefined;
      const result = apply(record, table.name);
      if (result.success && result.id) {
        const savedId = result.id;
        undo.push(before ? () => table.put(before) : () => table.purge(savedId));
      }
      return result;
    });
    const failed = results.some((result) => !result.success);
    if (failed && body.allOrNone === true) {
      for (const step of undo.reverse()) step();
      res.json(
        results.map((result) =>
          result.success
            ? { id: result.id, success: false, errors: [ROLLED_BACK] }
            : wire(result, withCreated),
        ),
      );
      return;
    }
    state.stats.recordsWritten += results.filter((result) => result.success).length;
    res.json(results.map((result) => wire(result, withCreated)));
  };

  router.patch('/composite/sobjects', (req, res) =>
    run(
      req,
      res,
      (record, type) => {
        const { id, Id, ...fields } = record;
        return updateRecord(state, state.requireTable(type), id ?? Id, fields, 'json');
      },
      false,
    ),
  );

  router.post('/composite/sobjects', (req, res) =>
    run(req, res, (record, type) => createRecord(state, state.requireTable(type), record, 'json'), false),
  );

  router.patch('/composite/sobjects/:type/:field', (req, res) => {
    const table = state.table(String(req.params.type));
    const field = table?.field(String(req.params.field));
    if (!table || !field || (!field.externalId && field.type !== 'id')) {
      sendError(
        res,
        400,
        'INVALID_FIELD',
        `Field ${String(req.params.field)} is not an External ID or indexed field for ${String(req.params.type)}`,
      );
      return;
    }
    run(req, res, (record) => upsertRecord(state, table, field, record, 'json'), true);
  });

  router.delete('/composite/sobjects', (req, res) => {
    const ids = typeof req.query.ids === 'string' ? req.query.ids.split(',').filter(Boolean) : [];
    if (ids.length > MAX_RECORDS) {
      sendError(
        res,
        400,
        'EXCEEDED_ID_LIMIT',
        `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`,
      );
      return;
    }
    res.json(
      ids.map((id) => {
        const table = state.tableForId(id);
        return wire(
          table
            ? deleteRecord(state, table, id)
            : {
                id,
                success: false,
                errors: [{ statusCode: 'MALFORMED_ID', message: `malformed id ${id}`, fields: [] }],
              },
          false,
        );
      }),
    );
  });
  return router;
}
