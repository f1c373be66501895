import { type CountedBigQuery, createBigQueryClient } from '../../../../connectors/bigquery/client.ts';
import {
  type BigQueryConnectorConfig,
  bigqueryConnectorConfigSchema,
} from '../../../../connectors/bigquery/config.ts';
import type { Score } from '../../../../core/schema/index.ts';
import { type BigQueryEmulator, startBigQueryEmulator } from '../../../../emulators/bigquery/index.ts';

/** Loosely typed REST JSON: tests read known paths of Google's response shapes. */
// biome-ignore lint/suspicious/noExplicitAny: wire assertions walk arbitrary response JSON
export type RestJson = any;

export const PROJECT = 'scorebridge-test';

export interface EmulatedBigQuery {
  readonly emulator: BigQueryEmulator;
  readonly client: CountedBigQuery;
  config(overrides?: Record<string, unknown>): BigQueryConnectorConfig;
  /** Raw REST call, for wire-level assertions the client would hide. */
  rest(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: RestJson }>;
  /**
   * jobs.query over raw REST, then getQueryResults until `jobComplete` (the emulator, like
   * BigQuery, answers a job's first look with `jobComplete: false`): the finished first page.
   */
  restQuery(body: Record<string, unknown>): Promise<RestJson>;
}

export async function startEmulatedBigQuery(): Promise<EmulatedBigQuery> {
  const emulator = await startBigQueryEmulator({
    projectId: PROJECT,
    now: () => new Date('2026-01-01T00:00:00Z'),
  });
  const client = createBigQueryClient({ projectId: PROJECT, apiEndpoint: emulator.url, emulatorAuth: true });
  const rest: EmulatedBigQuery['rest'] = async (method, path, body, headers = {}) => {
    const response = await fetch(`${emulator.url}/bigquery/v2/projects/${PROJECT}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body:
        body === undefined
          ? undefined
          : typeof body === 'string' || Buffer.isBuffer(body)
            ? body
            : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };
  return {
    emulator,
    client,
    config: (overrides = {}) =>
      bigqueryConnectorConfigSchema.parse({
        type: 'bigquery',
        projectId: PROJECT,
        dataset: 'crm',
        apiEndpoint: emulator.url,
        ...overrides,
      }),
    rest,
    restQuery: async (body) => {
      let { json } = await rest('POST', '/queries', body);
      const max = body.maxResults === undefined ? '' : `&maxResults=${String(body.maxResults)}`;
      for (let polls = 0; json?.jobComplete === false && polls < 10; polls++)
        ({ json } = await rest('GET', `/queries/${json.jobReference.jobId}?location=US${max}`));
      return json;
    },
  };
}

/** A deterministic score for entity `index`. */
export function makeScore(index: number, overrides: Partial<Score> = {}): Score {
  const value = (index * 37) % 100;
  return {
    entityType: 'contact',
    entityId: `c_${String(index).padStart(7, '0')}`,
    model: 'churn_risk',
    kind: 'churn',
    modelVersion: 'v1',
    probability: value / 100,
    value,
    tier: value >= 70 ? 'high' : value >= 40 ? 'medium' : 'low',
    reasons: [
      {
        feature: 'logins_30d',
        direction: 'down',
        points: -(index % 13),
        text: `${index % 13} fewer logins than usual`,
      },
      { feature: 'tickets_90d', direction: 'up', points: index % 7, text: `${index % 7} support tickets` },
    ],
    amount: null,
    action: null,
    computedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export async function* pagesOf(scores: readonly Score[], pageSize = 1000): AsyncGenerator<readonly Score[]> {
  for (let start = 0; start < scores.length; start += pageSize) yield scores.slice(start, start + pageSize);
}
