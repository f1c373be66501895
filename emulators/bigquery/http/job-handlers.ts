import { BigQueryApiError } from '../errors.ts';
import { incompletePage, type JobRecord, jobResource, pollJob, resultPage } from '../jobs.ts';
import { type LoadConfiguration, runLoad } from '../load-jobs.ts';
import { type QueryRequest, runQuery } from '../query-runner.ts';
import { parseMultipart } from './multipart.ts';
import type { ParsedRequest } from './request.ts';
import { jsonBody } from './request.ts';
import { assertProject } from './resource-handlers.ts';
import { type EmulatorState, type Handler, route } from './routes.ts';

/** Runs a query as a job; a failing query still leaves a DONE job carrying its error. */
async function executeQueryJob(
  state: EmulatorState,
  projectId: string,
  jobId: string,
  location: string,
  query: Omit<QueryRequest, 'projectId'>,
  configuration: Record<string, unknown>,
): Promise<JobRecord> {
  const created = state.now().getTime();
  try {
    const outcome = await state.engine.exclusive((db) =>
      runQuery(db, state.catalog, { ...query, projectId }),
    );
    return state.jobs.add(
      { projectId, jobId, location, configuration, created, error: null, query: outcome },
      state.pollsUntilDone,
    );
  } catch (error) {
    if (error instanceof BigQueryApiError)
      state.jobs.add({ projectId, jobId, location, configuration, created, error }, state.pollsUntilDone);
    throw error;
  }
}

/**
 * `timeoutMs` of jobs.query (body) and getQueryResults (query string): how long the call may wait
 * for the job, a non-negative integer number of milliseconds.
 */
function checkTimeout(value: unknown): void {
  if (value === undefined || value === null || value === '') return;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new BigQueryApiError('invalid', `Invalid value for timeoutMs: ${String(value)}`);
}

/** An answer to a poll: the job's first result page once done, `jobComplete: false` before. */
function pollAnswer(job: JobRecord, start: number, maxResults: number | undefined) {
  if (!pollJob(job)) return incompletePage(job);
  if (job.error) throw job.error;
  return resultPage(job, start, maxResults);
}

function maxResultsOf(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new BigQueryApiError('invalid', `Invalid maxResults: ${String(value)}`);
  return number;
}

const jobsQuery: Handler = async (state, request, params) => {
  assertProject(state, params.project);
  const body = jsonBody(request);
  if (typeof body.query !== 'string')
    throw new BigQueryApiError('required', 'Required parameter is missing: query');
  checkTimeout(body.timeoutMs);
  const location = typeof body.location === 'string' ? body.location : state.defaultLocation;
  const job = await executeQueryJob(
    state,
    params.project,
    state.jobs.newJobId(),
    location,
    body as unknown as QueryRequest,
    {
      query: { query: body.query, useLegacySql: false },
      jobType: 'QUERY',
    },
  );
  const page = pollAnswer(job, 0, maxResultsOf(body.maxResults));
  if (page.jobComplete === false) state.stats.incompletePolls++;
  return { body: { kind: 'bigquery#queryResponse', ...page } };
};

const getQueryResults: Handler = async (state, request, params) => {
  assertProject(state, params.project);
  const job = state.jobs.get(params.project, params.job);
  checkTimeout(request.query.get('timeoutMs'));
  const start = Number(request.query.get('pageToken') ?? request.query.get('startIndex') ?? 0);
  const page = pollAnswer(job, start, maxResultsOf(request.query.get('maxResults')));
  if (page.jobComplete === false) state.stats.incompletePolls++;
  return { body: { kind: 'bigquery#getQueryResultsResponse', ...page } };
};

const getJob: Handler = async (state, _request, params) => {
  assertProject(state, params.project);
  const job = state.jobs.get(params.project, params.job);
  const done = pollJob(job);
  if (!done) state.stats.incompletePolls++;
  return { body: jobResource(job, done) };
};

function jobIdentity(state: EmulatorState, body: Record<string, unknown>) {
  const reference = (body.jobReference ?? {}) as { jobId?: string; location?: string };
  const jobId = reference.jobId ?? state.jobs.newJobId();
  return { jobId, location: reference.location ?? state.defaultLocation };
}

const insertJob: Handler = async (state, request, params) => {
  assertProject(state, params.project);
  const body = jsonBody(request);
  const { jobId, location } = jobIdentity(state, body);
  if (state.jobs.has(params.project, jobId))
    throw new BigQueryApiError('duplicate', `Already Exists: Job ${params.project}:${location}.${jobId}`);
  const configuration = (body.configuration ?? {}) as Record<string, unknown>;
  const query = configuration.query as (QueryRequest & { query: string }) | undefined;
  if (!query?.query)
    throw new BigQueryApiError('invalid', 'jobs.insert without upload supports query jobs only.');
  try {
    await executeQueryJob(state, params.project, jobId, location, query, configuration);
  } catch (error) {
    // An invalid query is reported on the job (status.errorResult), as BigQuery does.
    if (!(error instanceof BigQueryApiError)) throw error;
  }
  const job = state.jobs.get(params.project, jobId);
  const done = pollJob(job);
  if (!done) state.stats.incompletePolls++;
  return { body: jobResource(job, done) };
};

/** The media upload endpoint: a multipart body whose first part is the Job and second the data. */
const uploadJob: Handler = async (state, request: ParsedRequest, params) => {
  assertProject(state, params.project);
  if (request.query.get('uploadType') !== 'multipart') {
    throw new BigQueryApiError('badRequest', 'The emulator accepts uploadType=multipart only.');
  }
  const [metadataPart, dataPart] = parseMultipart(request.contentType, request.body);
  if (!metadataPart || !dataPart)
    throw new BigQueryApiError('badRequest', 'A multipart upload needs a metadata part and a media part.');
  const body = jsonBody({ ...request, body: metadataPart.body });
  const { jobId, location } = jobIdentity(state, body);
  const configuration = (body.configuration ?? {}) as { load?: LoadConfiguration };
  if (!configuration.load) throw new BigQueryApiError('invalid', 'An upload must carry configuration.load.');
  const created = state.now().getTime();
  const base = { projectId: params.project, jobId, location, configuration, created };
  try {
    const result = await state.engine.exclusive((db) =>
      runLoad(db, state.catalog, params.project, configuration.load!, dataPart.body),
    );
    state.stats.rowsLoaded += result.outputRows;
    state.jobs.add(
      { ...base, error: null, load: { outputRows: result.outputRows, inputFileBytes: dataPart.body.length } },
      state.pollsUntilDone,
    );
  } catch (error) {
    if (!(error instanceof BigQueryApiError)) throw error;
    state.jobs.add({ ...base, error }, state.pollsUntilDone);
  }
  const job = state.jobs.get(params.project, jobId);
  const done = pollJob(job);
  if (!done) state.stats.incompletePolls++;
  return { body: jobResource(job, done) };
};

export const jobRoutes = [
  route('POST', 'jobs.query', '/projects/{project}/queries', jobsQuery),
  route('GET', 'jobs.getQueryResults', '/projects/{project}/queries/{job}', getQueryResults),
  route('POST', 'jobs.insert', '/projects/{project}/jobs', insertJob),
  route('GET', 'jobs.get', '/projects/{project}/jobs/{job}', getJob),
  route('POST', 'jobs.insert.upload', '/projects/{project}/jobs', uploadJob, true),
];
