import { validationError } from '../errors.ts';
import { type ObjectType, resolveObjectType } from '../state/object-types.ts';

export interface RequestContext {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** Scheme, host and port the client used, for `paging.next.link`. */
  readonly baseUrl: string;
}

export interface HandlerResult {
  readonly status: number;
  readonly body?: unknown;
}

export type Handler = (context: RequestContext) => HandlerResult;

export interface RouteOptions {
  /** Counted against the SECONDLY search limit instead of the ten-secondly one. */
  readonly search?: boolean;
}

interface Route {
  readonly method: string;
  readonly template: string;
  readonly regex: RegExp;
  readonly keys: readonly string[];
  readonly handler: Handler;
  readonly options: RouteOptions;
}

export interface RouteMatch {
  readonly handler: Handler;
  readonly params: Record<string, string>;
  readonly options: RouteOptions;
  /** Stable name for stats: the template with object types filled in, other ids as {name}. */
  readonly endpoint: string;
}

const OBJECT_TYPE_PARAMS = new Set(['objectType', 'fromObjectType', 'toObjectType']);

/** Path templates like "/crm/v3/objects/:objectType/:objectId"; first match wins. */
export class Router {
  readonly #routes: Route[] = [];

  add(method: string, template: string, handler: Handler, options: RouteOptions = {}): void {
    const keys: string[] = [];
    const pattern = template
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        keys.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    this.#routes.push({ method, template, regex: new RegExp(`^${pattern}/?$`), keys, handler, options });
  }

  match(method: string, path: string): RouteMatch | null {
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const found = route.regex.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, index) => {
        params[key] = decodeURIComponent(found[index + 1]!);
      });
      const endpoint = route.template
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return segment;
          const key = segment.slice(1);
          if (!OBJECT_TYPE_PARAMS.has(key)) return `{${key}}`;
          return resolveObjectType(params[key]!) ?? params[key]!;
        })
        .join('/');
      return { handler: route.handler, params, options: route.options, endpoint: `${method} ${endpoint}` };
    }
    return null;
  }
}

/** The object type named by a path parameter, or HubSpot's 400 for an unknown one. */
export function objectTypeParam(context: RequestContext, key = 'objectType'): ObjectType {
  const raw = context.params[key] ?? '';
  const type = resolveObjectType(raw);
  if (!type) throw validationError(`Unable to infer object type from: ${raw}`);
  return type;
}

/** A comma-separated or repeated query parameter, as the SDK sends arrays. */
export function listParam(query: URLSearchParams, name: string): string[] | null {
  const values = query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  return values.length > 0 ? values : null;
}

export function bodyObject(context: RequestContext): Record<string, unknown> {
  const body = context.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError('Invalid input JSON: the request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}
