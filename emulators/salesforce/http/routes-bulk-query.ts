import express, { type Request, type Response, type Router } from 'express';
import {
  createQueryJob,
  pollQueryJob,
  type QueryJob,
  queryJobInfo,
  queryResultsPage,
} from '../bulk-query-jobs.ts';
import type { OrgState } from '../org-state.ts';
import { SoqlError } from '../soql/lexer.ts';
import { notFound, sendError } from './errors.ts';

const encodeLocator = (jobId: string, offset: number) =>
  Buffer.from(`${jobId}:${offset}`).toString('base64url');

function decodeLocator(jobId: string, locator: string): number | null {
  const [owner, offset] = Buffer.from(locator, 'base64url').toString().split(':');
  const value = Number(offset);
  return owner === jobId && Number.isInteger(value) && value >= 0 ? value : null;
}

/**
 * Bulk API 2.0 query jobs ("Understanding Bulk API 2.0 Query"; "Get Results for a Query Job"):
 * create, poll (the job is not complete on the first poll), results paged by `maxRecords` with
 * `Sforce-Locator` (the string "null" on the last page) and `Sforce-NumberOfRecords`, abort, delete.
 * Every request counts against DailyApiRequests like any REST call.
 */
export function bulkQueryRoutes(state: OrgState): Router {
  const router = express.Router({ mergeParams: true });
  const jobOr404 = (req: Request, res: Response): QueryJob | undefined => {
    const job = state.queryJobs.get(String(req.params.id));
    if (!job) notFound(res);
    return job;
  };

  router.post('/jobs/query', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const operation = body.operation ?? 'query';
    if (operation !== 'query' && operation !== 'queryAll') {
      sendError(res, 400, 'INVALIDJOB', `InvalidJob : Invalid operation: ${String(operation)}`);
      return;
    }
    if (typeof body.query !== 'string' || body.query.trim() === '') {
      sendError(res, 400, 'INVALIDJOB', 'InvalidJob : query is required');
      return;
    }
    try {
      const job = createQueryJob(state, {
        operation,
        query: body.query,
        apiVersion: Number(res.locals.apiVersion),
      });
      res.json(queryJobInfo(state, job, false));
    } catch (error) {
      if (error instanceof SoqlError) sendError(res, 400, error.errorCode, error.message);
      else throw error;
    }
  });

  router.get('/jobs/query', (_req, res) => {
    res.json({
      done: true,
      records: [...state.queryJobs.values()].map((job) => queryJobInfo(state, job, false)),
      nextRecordsUrl: null,
    });
  });

  router.get('/jobs/query/:id', (req, res) => {
    const job = jobOr404(req, res);
    if (!job) return;
    pollQueryJob(state, job);
    res.json(queryJobInfo(state, job, true));
  });

  router.get('/jobs/query/:id/results', (req, res) => {
    const job = jobOr404(req, res);
    if (!job) return;
    if (job.state !== 'JobComplete') {
      sendError(res, 400, 'JOB_NOT_COMPLETE', `The job ${job.id} is not complete; job state: ${job.state}`);
      return;
    }
    const locator = typeof req.query.locator === 'string' ? req.query.locator : '';
    const offset = locator ? decodeLocator(job.id, locator) : 0;
    if (offset === null || offset > job.rows.length) {
      sendError(res, 400, 'INVALIDLOCATOR', `Invalid locator: ${locator}`);
      return;
    }
    const maxRaw = req.query.maxRecords;
    const maxRecords = maxRaw === undefined ? state.queryDefaultPageRecords : Number(maxRaw);
    if (!Number.isInteger(maxRecords) || maxRecords < 1) {
      sendError(res, 400, 'INVALIDREQUEST', `maxRecords must be a positive integer: ${String(maxRaw)}`);
      return;
    }
    const page = queryResultsPage(job, offset, maxRecords);
    state.stats.recordsQueried += page.count;
    res.set('Sforce-NumberOfRecords', String(page.count));
    res.set('Sforce-Locator', page.next === null ? 'null' : encodeLocator(job.id, page.next));
    res.type('text/csv').send(page.csv);
  });

  router.patch('/jobs/query/:id', (req, res) => {
    const job = jobOr404(req, res);
    if (!job) return;
    const wanted = (req.body as { state?: string } | undefined)?.state;
    if (wanted !== 'Aborted' || !['UploadComplete', 'InProgress'].includes(job.state)) {
      sendError(res, 400, 'INVALIDJOBSTATE', `Invalid state change from ${job.state} to ${String(wanted)}`);
      return;
    }
    job.state = 'Aborted';
    job.systemModstamp = state.now();
    res.json(queryJobInfo(state, job, false));
  });

  router.delete('/jobs/query/:id', (req, res) => {
    const job = jobOr404(req, res);
    if (!job) return;
    state.queryJobs.delete(job.id);
    res.status(204).end();
  });
  return router;
}
