import type { Catalog } from '../catalog.ts';
import type { Engine } from '../engine.ts';
import type { JobStore } from '../jobs.ts';
import type { BigQueryEmulatorStats } from '../stats.ts';
import type { ParsedRequest } from './request.ts';

export interface EmulatorState {
  readonly engine: Engine;
  readonly catalog: Catalog;
  readonly jobs: JobStore;
  readonly stats: BigQueryEmulatorStats;
  readonly projectIds: ReadonlySet<string>;
  readonly defaultLocation: string;
  readonly now: () => Date;
  /** Looks at a new job that report it still running (BigQueryEmulatorOptions.pollsUntilDone). */
  readonly pollsUntilDone: number;
}

export type RouteParams = Record<'project' | 'dataset' | 'table' | 'job', string>;
export type Handler = (
  state: EmulatorState,
  request: ParsedRequest,
  params: RouteParams,
) => Promise<{ status?: number; body: unknown }>;

export interface Route {
  readonly method: string;
  readonly endpoint: string;
  readonly pattern: RegExp;
  readonly handler: Handler;
}

const SEGMENT = '([^/]+)';

/** Builds a route from a REST path like `/projects/{project}/datasets/{dataset}`. */
export function route(
  method: string,
  endpoint: string,
  path: string,
  handler: Handler,
  upload = false,
): Route {
  const names: string[] = [];
  const body = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return SEGMENT;
  });
  // The client adds /bigquery/v2 when given apiEndpoint, and not when BIGQUERY_EMULATOR_HOST is used.
  const prefix = upload ? '/upload/bigquery/v2' : '(?:/bigquery/v2)?';
  const pattern = new RegExp(`^${prefix}${body}$`);
  Object.defineProperty(pattern, 'names', { value: names });
  return { method, endpoint, pattern, handler };
}

export function matchRoute(routes: readonly Route[], method: string, path: string) {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    const names = (candidate.pattern as RegExp & { names: string[] }).names;
    const params = Object.fromEntries(
      names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]),
    );
    return { route: candidate, params: params as RouteParams };
  }
  return null;
}
