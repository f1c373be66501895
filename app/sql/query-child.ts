/**
 * Entry point of the process `runQueryWithTimeout` starts: runs one read-only query and sends the
 * result back over IPC. A separate process because a SQLite statement cannot be interrupted from
 * JavaScript (node:sqlite offers no progress handler), but a process can always be killed.
 */
import { QueryError, runReadOnlyQuery } from './read-only-query.ts';
import type { QueryReply, QueryRequest } from './timed-query.ts';

process.once('message', (message) => {
  const request = message as QueryRequest;
  let reply: QueryReply;
  try {
    reply = {
      ok: true,
      result: runReadOnlyQuery(request.storePath, request.sql, request.params, request.limit),
    };
  } catch (error) {
    reply = { ok: false, queryError: error instanceof QueryError, message: (error as Error).message };
  }
  process.send?.(reply, () => process.disconnect());
});
