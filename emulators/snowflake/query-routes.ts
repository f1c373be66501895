import { z } from 'zod';
import { bindingsSchema } from './engine/binds.ts';
import type { EngineSession, StatementResult } from './engine/session.ts';
import { fromEngineError, SnowflakeError } from './errors.ts';
import { type QueryResults, type ResultShape, resultData } from './results.ts';
import { copyIntoTable } from './stage/copy-into.ts';
import { stagedRows } from './stage/stage-binds.ts';
import { parseStageCommand, parseStageRef } from './stage/stage-commands.ts';
import { resolveStage, runStageCommand, type StageContext } from './stage/stage-statements.ts';
import type { SnowflakeEmulatorStats } from './stats.ts';

export interface QueryRouteContext extends StageContext {
  readonly results: QueryResults;
  readonly shape: ResultShape;
  readonly pendingPolls: number;
  readonly chunkUrl: (queryId: string, index: number) => string;
  readonly stats: SnowflakeEmulatorStats;
}

const queryRequestSchema = z.object({
  sqlText: z.string(),
  bindings: bindingsSchema.nullish(),
  asyncExec: z.boolean().optional(),
  bindStage: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
});

let queriesRun = 0;

/** Query ids shaped like Snowflake's (a UUID with a 01b prefix), unique per emulator process. */
function nextQueryId(): string {
  const serial = (++queriesRun).toString(16).padStart(12, '0');
  return `01b00000-0000-4000-8000-${serial}`;
}

function bindValueCount(bindings: z.infer<typeof bindingsSchema> | null | undefined): number {
  return Object.values(bindings ?? {}).reduce(
    (sum, b) => sum + (Array.isArray(b.value) ? b.value.length : 1),
    0,
  );
}

function errorResponse(queryId: string, error: SnowflakeError): Record<string, unknown> {
  return {
    success: false,
    code: error.code,
    message: error.message,
    data: { errorCode: error.code, sqlState: error.sqlState, queryId, internalError: false, age: 0 },
  };
}

function inProgress(queryId: string, code: '333333' | '333334'): Record<string, unknown> {
  return {
    success: true,
    code,
    message: code === '333333' ? 'Query execution in progress.' : 'Asynchronous execution in progress.',
    data: {
      queryId,
      getResultUrl: `/queries/${queryId}/result`,
      queryAbortsAfterSecs: 300,
      progressDesc: null,
    },
  };
}

function finished(
  context: QueryRouteContext,
  queryId: string,
  session: EngineSession,
  stored: { result: StatementResult | null; error: SnowflakeError | null },
): Record<string, unknown> {
  if (stored.error || !stored.result)
    return errorResponse(queryId, stored.error ?? fromEngineError('no result'));
  const data = resultData(
    queryId,
    stored.result,
    context.shape,
    (index) => context.chunkUrl(queryId, index),
    session,
  );
  return { success: true, code: null, message: null, data };
}

/** POST /queries/v1/query-request: runs the statement now; async and slow queries are answered later. */
export async function queryRequest(
  context: QueryRouteContext,
  token: string,
  session: EngineSession,
  body: unknown,
): Promise<Record<string, unknown>> {
  const queryId = nextQueryId();
  const parsed = queryRequestSchema.safeParse(body);
  if (!parsed.success) {
    return errorResponse(
      queryId,
      new SnowflakeError('000400', '08P01', `malformed query request: ${parsed.error.message}`),
    );
  }
  const request = parsed.data;
  context.stats.countBinds(bindValueCount(request.bindings));
  let result: StatementResult | null = null;
  let error: SnowflakeError | null = null;
  try {
    const command = parseStageCommand(request.sqlText);
    if (command?.kind === 'copy') {
      const stage = resolveStage(context, token, session, command.stage);
      result = await copyIntoTable(session, stage, command);
    } else if (command) {
      const outcome = runStageCommand(context, token, session, command, queryId);
      if (outcome.kind === 'transfer')
        return { success: true, code: null, message: null, data: outcome.data };
      result = outcome.result;
    } else {
      const count = request.parameters?.MULTI_STATEMENT_COUNT;
      const statementCount = count === undefined ? undefined : Number(count);
      result = request.bindStage
        ? await executeFromStage(context, token, session, request.sqlText, request.bindStage, statementCount)
        : await session.execute(request.sqlText, request.bindings ?? undefined, statementCount);
    }
  } catch (caught) {
    error = fromEngineError(caught);
  }
  const stored = { sessionToken: token, result, error, pendingPolls: context.pendingPolls };
  context.results.store(queryId, stored);
  if (request.asyncExec) return inProgress(queryId, '333334');
  if (stored.pendingPolls > 0) return inProgress(queryId, '333333');
  return finished(context, queryId, session, stored);
}

/**
 * A statement sent with `bindStage`: its rows are the CSV files the driver uploaded to that stage
 * path, one execution per row, as Snowflake runs a stage-bound array insert ("Binding an array for
 * bulk insertions", https://docs.snowflake.com/en/developer-guide/node-js/nodejs-driver-execute).
 * The driver names a fresh path per execution (bind_uploader.js), so once consumed the files are
 * released rather than held until the session ends.
 */
async function executeFromStage(
  context: QueryRouteContext,
  token: string,
  session: EngineSession,
  sqlText: string,
  bindStage: string,
  statementCount: number | undefined,
): Promise<StatementResult> {
  const ref = parseStageRef(bindStage);
  const stage = resolveStage(context, token, session, ref);
  const staged = stagedRows(stage, ref.path);
  const result = await session.execute(sqlText, staged.binds, statementCount);
  context.stats.countStageBinds(staged.rows);
  for (const name of [...stage.files.keys()]) if (name.startsWith(`${ref.path}/`)) stage.files.delete(name);
  return result;
}

/** GET /queries/{id}/result: the result of an in-progress or async query (or any recent one). */
export function queryResult(
  context: QueryRouteContext,
  session: EngineSession,
  queryId: string,
): Record<string, unknown> {
  const stored = context.results.get(queryId);
  if (!stored)
    return errorResponse(queryId, new SnowflakeError('000709', '02000', `Statement ${queryId} not found`));
  if (stored.pendingPolls > 0) {
    stored.pendingPolls--;
    return inProgress(queryId, '333333');
  }
  return finished(context, queryId, session, stored);
}

/** GET /monitoring/queries/{id}: what `connection.getQueryStatus()` reads. */
export function queryStatus(context: QueryRouteContext, queryId: string): Record<string, unknown> {
  const stored = context.results.get(queryId);
  if (!stored)
    return errorResponse(queryId, new SnowflakeError('000709', '02000', `Statement ${queryId} not found`));
  const failed = stored.error !== null;
  return {
    success: true,
    code: null,
    message: null,
    data: {
      queries: [
        {
          id: queryId,
          status: failed ? 'FAILED_WITH_ERROR' : stored.pendingPolls > 0 ? 'RUNNING' : 'SUCCESS',
          ...(failed ? { errorCode: stored.error!.code, errorMessage: stored.error!.message } : {}),
        },
      ],
    },
  };
}
