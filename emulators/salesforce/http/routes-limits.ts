import express, { type Router } from 'express';
import type { OrgState } from '../org-state.ts';

const DAILY_BULK_BATCHES = 15_000;

/** GET /limits: the org's allowances and what is left of them. */
export function limitsRoutes(state: OrgState): Router {
  const router = express.Router({ mergeParams: true });
  router.get('/limits', (_req, res) => {
    res.json({
      DailyApiRequests: { Max: state.usage.max, Remaining: state.usage.remaining() },
      DailyBulkApiBatches: {
        Max: DAILY_BULK_BATCHES,
        Remaining: Math.max(0, DAILY_BULK_BATCHES - state.bulkBatchesUsed),
      },
      DailyBulkV2QueryJobs: { Max: 10_000, Remaining: Math.max(0, 10_000 - state.bulkQueryJobsCreated) },
      DailyBulkV2QueryFileStorageMB: { Max: 1_048_576, Remaining: 1_048_576 },
      DataStorageMB: { Max: 5_120, Remaining: 5_120 },
    });
  });
  return router;
}
