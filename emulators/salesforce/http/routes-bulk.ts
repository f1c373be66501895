import express, { type Request, type Response, type Router } from 'express';
import {
  createIngestJob,
  type IngestJob,
  type IngestOperation,
  jobInfo,
  processIngestJob,
} from '../bulk-jobs.ts';
import type { OrgState } from '../org-state.ts';
import { notFound, sendError } from './errors.ts';

const OPERATIONS: readonly IngestOperation[] = ['insert', 'update', 'upsert', 'delete'];
/** Bulk API 2.0 accepts up to 150 MB of CSV per job. */
const MAX_UPLOAD = '150mb';

/** Bulk API 2.0 ingest: create, upload CSV, close, poll, results, abort, delete. */
export function bulkRoutes(state: OrgState): Router {
  const router = express.Router({ mergeParams: true });
  const jobOr404 = (req: Request, res: Response): IngestJob | undefined => {
    const job = state.jobs.get(String(req.params.id));
    if (!job) notFound(res);
    return job;
  };

  router.post('/jobs/ingest', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const table = typeof body.object === 'string' ? state.table(body.object) : undefined;
    if (!table) {
      sendError(res, 400, 'INVALIDJOB', `InvalidJob : Unable to find object: ${String(body.object)}`);
      return;
    }
    const operation = body.operation as IngestOperation;
    if (!OPERATIONS.includes(operation)) {
      sendError(res, 400, 'INVALIDJOB', `InvalidJob : Invalid operation: ${String(body.operation)}`);
      return;
    }
    if (operation === 'upsert' && typeof body.externalIdFieldName !== 'string') {
      sendError(res, 400, 'INVALIDJOB', 'InvalidJob : External ID was blank for upsert');
      return;
    }
    const job = createIngestJob(state, {
      object: table.name,
      operation,
      externalIdFieldName: typeof body.externalIdFieldName === 'string' ? body.externalIdFieldName : null,
      apiVersion: Number(res.locals.apiVersion),
    });
    res.json(jobInfo(state, job, false));
  });

  router.get('/jobs/ingest', (_req, res) => {
    res.json({
      done: true,
      records: [...state.jobs.values()].map((job) => jobInfo(state, job, false)),
      nextRecordsUrl: null,
    });
  });

  router.put(
    '/jobs/ingest/:id/batches',
    express.text({ type: 'text/csv', limit: MAX_UPLOAD }),
    (req, res) => {
      const job = jobOr404(req, res);
      if (!job) return;
      if (job.state !== 'Open') {
        sendError(
          res,
          409,
          'INVALIDJOBSTATE',
          `Found Job state: ${job.state}; data can only be uploaded to an Open job`,
        );
        return;
      }
      if (typeof req.body !== 'string' || req.body.trim() === '') {
        sendError(res, 400, 'INVALIDBATCH', 'InvalidBatch : Empty CSV upload');
        return;
      }
      job.csv.push(req.body);
      res.status(201).end();
    },
  );

  router.patch('/jobs/ingest/:id', (req, res) => {
    const job = jobOr404(req, res);
    if (!job) return;
    const wanted = (req.body as { state?: string } | undefined)?.state;
    if (wanted === 'UploadComplete' && job.state === 'Open') {
      job.state = 'UploadComplete';
    } else if (wanted === 'Aborted' && ['Open', 'UploadComplete', 'InProgress'].includes(job.state)) {
      job.state = 'Aborted';
    } else {
      sendError(res, 400, 'INVALIDJOBSTATE', `Invalid state change from ${job.state} to ${String(wanted)}`);
      return;
    }
    job.systemModstamp = state.now();
    res.json(jobInfo(state, job, false));
  });

  router.get('/jobs/ingest/:id', (req, res) => {
    const job = jobOr404(req, res);
    if (!job) return;
    if (job.state === 'UploadComplete' || job.state === 'InProgress') {
      job.polls++;
      if (job.polls >= state.bulkPollsToComplete) processIngestJob(state, job);
      else job.state = 'InProgress';
    }
    res.json(jobInfo(state, job, true));
  });

  const results = (pick: (job: IngestJob) => string) => (req: Request, res: Response) => {
    const job = jobOr404(req, res);
    if (!job) return;
    if (job.state !== 'JobComplete' && job.state !== 'Failed') {
      sendError(
        res,
        409,
        'INVALIDJOBSTATE',
        `Results are available once the job is complete; job state: ${job.state}`,
      );
      return;
    }
    res.type('text/csv').send(pick(job));
  };
  router.get(
    '/jobs/ingest/:id/successfulResults',
    results((job) => job.successfulCsv),
  );
  router.get(
    '/jobs/ingest/:id/failedResults',
    results((job) => job.failedCsv),
  );
  router.get(
    '/jobs/ingest/:id/unprocessedrecords',
    results((job) => job.unprocessedCsv),
  );

  router.delete('/jobs/ingest/:id', (req, res) => {
    const job = jobOr404(req, res);
    if (!job) return;
    state.jobs.delete(job.id);
    res.status(204).end();
  });
  return router;
}
