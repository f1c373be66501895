import express, { type Request, type Response, type Router } from 'express';
import { createRecord, deleteRecord, unknownFields, updateRecord } from '../dml.ts';
import { describeField } from '../field-defs.ts';
import { ID_PATTERN, toId18 } from '../ids.ts';
import type { OrgState } from '../org-state.ts';
import type { SObjectTable } from '../table.ts';
import { outputValue } from '../values.ts';
import { notFound, sendError, sendErrors } from './errors.ts';

function urls(version: string, name: string) {
  const base = `/services/data/v${version}/sobjects/${name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function summary(table: SObjectTable, version: string) {
  return {
    name: table.name,
    label: table.label,
    labelPlural: table.labelPlural,
    keyPrefix: table.keyPrefix,
    custom: false,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    retrieveable: true,
    searchable: true,
    mergeable: table.mergeable,
    replicateable: true,
    triggerable: true,
    urls: urls(version, table.name),
  };
}

/** Describe, describeGlobal and single-record create/read/update/delete. */
export function sobjectRoutes(state: OrgState): Router {
  const router = express.Router({ mergeParams: true });
  const version = (res: Response) => res.locals.apiVersion as string;
  const tableOr404 = (req: Request, res: Response): SObjectTable | undefined => {
    const table = state.table(String(req.params.type));
    if (!table) sendError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
    return table;
  };

  router.get('/sobjects', (_req, res) => {
    res.json({
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: state.tables().map((table) => summary(table, version(res))),
    });
  });

  router.get('/sobjects/:type/describe', (req, res) => {
    const table = tableOr404(req, res);
    if (!table) return;
    res.json({
      ...summary(table, version(res)),
      fields: table.visibleFields().map(describeField),
      childRelationships: [],
      recordTypeInfos: [],
    });
  });

  router.get('/sobjects/:type', (req, res) => {
    const table = tableOr404(req, res);
    if (table) res.json({ objectDescribe: summary(table, version(res)), recentItems: [] });
  });

  router.post('/sobjects/:type', (req, res) => {
    const table = tableOr404(req, res);
    if (!table) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const unknown = unknownFields(table, body);
    if (unknown.length > 0) {
      sendError(res, 400, 'INVALID_FIELD', `No such column '${unknown[0]}' on sobject of type ${table.name}`);
      return;
    }
    const result = createRecord(state, table, body, 'json');
    if (!result.success) {
      sendErrors(
        res,
        400,
        result.errors.map((e) => ({ errorCode: e.statusCode, message: e.message, fields: e.fields })),
      );
      return;
    }
    state.stats.recordsWritten++;
    res.status(201).json({ id: result.id, success: true, errors: [] });
  });

  router.get('/sobjects/:type/:id', (req, res) => {
    const table = tableOr404(req, res);
    if (!table) return;
    const id = String(req.params.id);
    const row = ID_PATTERN.test(id) ? table.get(toId18(id)) : undefined;
    if (!row || row.IsDeleted === true) {
      notFound(res);
      return;
    }
    const wanted = typeof req.query.fields === 'string' ? req.query.fields.split(',') : null;
    const fields = wanted ? wanted.map((name) => table.field(name.trim())) : table.visibleFields();
    const record: Record<string, unknown> = {
      attributes: {
        type: table.name,
        url: `/services/data/v${version(res)}/sobjects/${table.name}/${row.Id}`,
      },
    };
    for (const def of fields) if (def) record[def.name] = outputValue(def, row[def.name]);
    res.json(record);
  });

  router.patch('/sobjects/:type/:id', (req, res) => {
    const table = tableOr404(req, res);
    if (!table) return;
    const result = updateRecord(
      state,
      table,
      String(req.params.id),
      (req.body ?? {}) as Record<string, unknown>,
      'json',
    );
    if (!result.success) {
      const status =
        result.errors[0]?.statusCode === 'INVALID_CROSS_REFERENCE_KEY' && result.errors[0].fields.length === 0
          ? 404
          : 400;
      sendErrors(
        res,
        status,
        result.errors.map((e) => ({ errorCode: e.statusCode, message: e.message, fields: e.fields })),
      );
      return;
    }
    state.stats.recordsWritten++;
    res.status(204).end();
  });

  router.delete('/sobjects/:type/:id', (req, res) => {
    const table = tableOr404(req, res);
    if (!table) return;
    const result = deleteRecord(state, table, String(req.params.id));
    if (!result.success) {
      sendErrors(
        res,
        404,
        result.errors.map((e) => ({ errorCode: e.statusCode, message: e.message })),
      );
      return;
    }
    res.status(204).end();
  });
  return router;
}
