import express, { type Request, type Response, type Router } from 'express';
import type { OrgState } from '../org-state.ts';
import type { QueryCursor } from '../query-locators.ts';
import { planQuery } from '../soql/evaluate.ts';
import { SoqlError } from '../soql/lexer.ts';
import { parseSoql } from '../soql/parser.ts';
import { outputValue } from '../values.ts';
import { sendError } from './errors.ts';

const MAX_BATCH = 2000;
const MIN_BATCH = 200;

/** Sforce-Query-Options: batchSize=N, clamped to Salesforce's [200, 2000]. */
export function batchSizeFrom(header: string | undefined): number {
  const match = /batchSize\s*=\s*(\d+)/i.exec(header ?? '');
  if (!match) return MAX_BATCH;
  return Math.min(MAX_BATCH, Math.max(MIN_BATCH, Number(match[1])));
}

function renderPage(state: OrgState, cursor: QueryCursor, offset: number, version: string) {
  const end = Math.min(cursor.rows.length, offset + cursor.batchSize);
  const records = [];
  for (let index = offset; index < end; index++) {
    const row = cursor.rows[index]!;
    const record: Record<string, unknown> = {
      attributes: {
        type: cursor.table.name,
        url: `/services/data/v${version}/sobjects/${cursor.table.name}/${row.Id}`,
      },
    };
    for (const def of cursor.fields) record[def.name] = outputValue(def, row[def.name]);
    records.push(record);
  }
  state.stats.recordsQueried += records.length;
  const done = end >= cursor.rows.length;
  if (done) state.locators.finish(cursor.id);
  return {
    totalSize: cursor.rows.length,
    done,
    ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${cursor.id}-${end}` }),
    records,
  };
}

/** /query and /queryAll (first page) and /query/{locator}-{offset} (next pages). */
export function queryRoutes(state: OrgState): Router {
  const router = express.Router({ mergeParams: true });
  const first = (includeDeleted: boolean) => (req: Request, res: Response) => {
    const soql = typeof req.query.q === 'string' ? req.query.q : '';
    if (!soql) {
      sendError(res, 400, 'MALFORMED_QUERY', 'A query string has to be specified');
      return;
    }
    try {
      const plan = planQuery((name) => state.table(name), parseSoql(soql), includeDeleted);
      if (plan.count) {
        res.json({ totalSize: plan.rows.length, done: true, records: [] });
        return;
      }
      const cursor = state.locators.open(
        plan.table,
        plan.fields,
        plan.rows,
        batchSizeFrom(req.get('sforce-query-options')),
      );
      res.json(renderPage(state, cursor, 0, res.locals.apiVersion as string));
    } catch (error) {
      if (error instanceof SoqlError) sendError(res, 400, error.errorCode, error.message);
      else throw error;
    }
  };
  const more = (req: Request, res: Response) => {
    const match = /^(.+)-(\d+)$/.exec(String(req.params.locator));
    const cursor = match ? state.locators.get(match[1]!) : undefined;
    const offset = match ? Number(match[2]) : Number.NaN;
    if (!cursor || !(offset < cursor.rows.length)) {
      sendError(res, 400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      return;
    }
    res.json(renderPage(state, cursor, offset, res.locals.apiVersion as string));
  };
  router.get('/query', first(false));
  router.get('/queryAll', first(true));
  router.get('/query/:locator', more);
  router.get('/queryAll/:locator', more);
  return router;
}
