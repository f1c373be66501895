import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { QueryError, type QueryResult } from './read-only-query.ts';

export interface QueryRequest {
  readonly storePath: string;
  readonly sql: string;
  readonly params: Record<string, string>;
  readonly limit: number;
}

export type QueryReply =
  | { readonly ok: true; readonly result: QueryResult }
  | { readonly ok: false; readonly queryError: boolean; readonly message: string };

const CHILD = fileURLToPath(new URL('./query-child.ts', import.meta.url));

/**
 * Runs a read-only query in a child process and kills it once it has run `timeoutMs` (0: no
 * limit), so a runaway query (a recursive CTE without end, a cross join of big tables) cannot hang
 * the command or hold the store open. A timeout is a QueryError naming the limit and the flag.
 */
export function runQueryWithTimeout(request: QueryRequest, timeoutMs: number): Promise<QueryResult> {
  return new Promise((resolve, reject) => {
    // Advanced serialization keeps blobs (Uint8Array) and big integers intact on the way back.
    const child = fork(CHILD, [], {
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let reply: QueryReply | undefined;
    let timedOut = false;
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, timeoutMs)
        : undefined;
    child.on('message', (message) => {
      // Answered in time: the process only has to exit now, which is not part of the limit.
      clearTimeout(timer);
      reply = message as QueryReply;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        const seconds = timeoutMs / 1000;
        reject(
          new QueryError(
            `the query was stopped after running for ${seconds} s (--timeout ${seconds}); narrow it with WHERE or LIMIT, or allow more time with --timeout <seconds> (0 for no limit)`,
          ),
        );
      } else if (reply?.ok) resolve(reply.result);
      else if (reply) reject(reply.queryError ? new QueryError(reply.message) : new Error(reply.message));
      else
        reject(
          new Error(
            `the query process ended without an answer (${signal ?? `exit code ${code}`})${stderr ? `: ${stderr.trim()}` : ''}`,
          ),
        );
    });
    child.send(request);
  });
}
