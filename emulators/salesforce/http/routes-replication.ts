import express, { type Request, type Response, type Router } from 'express';
import type { OrgState } from '../org-state.ts';
import { formatDateTime, parseDateTime } from '../values.ts';
import { sendError } from './errors.ts';

const DAY_MS = 86_400_000;
const MAX_IDS = 600_000;

/** Replication windows: getUpdated covers 30 days back, getDeleted 15 (the recycle bin). */
const WINDOW_DAYS = { updated: 30, deleted: 15 } as const;

function window(req: Request, res: Response, state: OrgState, kind: keyof typeof WINDOW_DAYS) {
  const start = parseDateTime(String(req.query.start ?? ''));
  const end = parseDateTime(String(req.query.end ?? ''));
  if (Number.isNaN(start) || Number.isNaN(end)) {
    sendError(
      res,
      400,
      'MALFORMED_QUERY',
      'start and end must be ISO 8601 date-times, e.g. 2026-01-01T00:00:00+00:00',
    );
    return null;
  }
  const now = state.clock.now().getTime();
  const earliest = now - WINDOW_DAYS[kind] * DAY_MS;
  if (start < earliest || start >= end) {
    sendError(
      res,
      400,
      'INVALID_REPLICATION_DATE',
      `startDate must chronologically precede endDate and be within the last ${WINDOW_DAYS[kind]} days`,
    );
    return null;
  }
  // Seconds are ignored: the window covers whole minutes, as documented.
  const floorMinute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
  return { start: floorMinute(start), end: floorMinute(Math.min(end, now)), earliest };
}

/** getUpdated and getDeleted: ids changed or deleted in a window, for replication-style sync. */
export function replicationRoutes(state: OrgState): Router {
  const router = express.Router({ mergeParams: true });
  router.get('/sobjects/:type/updated', (req, res) => {
    const table = state.table(String(req.params.type));
    const range = table && window(req, res, state, 'updated');
    if (!table) sendError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
    if (!table || !range) return;
    const ids: string[] = [];
    for (const row of table.rows()) {
      const stamp = row.SystemModstamp as number;
      if (row.IsDeleted !== true && stamp >= range.start && stamp < range.end) ids.push(row.Id as string);
    }
    if (ids.length > MAX_IDS) {
      sendError(res, 400, 'EXCEEDED_ID_LIMIT', `more than ${MAX_IDS} ids in the window; use a shorter one`);
      return;
    }
    res.json({ ids, latestDateCovered: formatDateTime(range.end) });
  });
  router.get('/sobjects/:type/deleted', (req, res) => {
    const table = state.table(String(req.params.type));
    const range = table && window(req, res, state, 'deleted');
    if (!table) sendError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
    if (!table || !range) return;
    const deletedRecords: { id: string; deletedDate: string }[] = [];
    for (const row of table.rows()) {
      const stamp = row.SystemModstamp as number;
      if (row.IsDeleted === true && stamp >= range.start && stamp < range.end) {
        deletedRecords.push({ id: row.Id as string, deletedDate: formatDateTime(stamp) });
      }
    }
    if (deletedRecords.length > MAX_IDS) {
      sendError(res, 400, 'EXCEEDED_ID_LIMIT', `more than ${MAX_IDS} ids in the window; use a shorter one`);
      return;
    }
    res.json({
      deletedRecords,
      earliestDateAvailable: formatDateTime(range.earliest),
      latestDateCovered: formatDateTime(range.end),
    });
  });
  return router;
}
