import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { Client } from '@hubspot/api-client';
import type { Clock } from '../../../core/clock.ts';
import { ConnectorError } from '../../../core/connectors/destination.ts';
import { defaultRetryPolicy, type RetryPolicy, withRetries } from '../../../core/limits/retry-budget.ts';
import type { CrmLimits } from '../../../core/limits/shared-limits.ts';
import type { HubspotLimits } from '../plan-limits.ts';
import type { AccessTokens } from './access-tokens.ts';
import { type AccountThrottle, accountThrottle, type RequestKind } from './account-throttle.ts';
import { msUntilMidnight, RequestTimeoutError, toConnectorError } from './errors.ts';
import { toBatchErrors, toHubObject } from './sdk-convert.ts';
import type {
  ApiMetrics,
  AssociationPageInput,
  AssociationPageResult,
  BatchOutcome,
  HubObject,
  PropertyDefinitionInput,
  PropertyRule,
  SearchRequest,
} from './types.ts';

export const HUBSPOT_API_URL = 'https://api.hubapi.com';

/** The bearer token of the request being sent, read by the client middleware that sets the header. */
const bearer = new AsyncLocalStorage<string>();

type BearerContext = { setHeaderParam(name: string, value: string): void };

function withBearer(context: BearerContext): BearerContext {
  const token = bearer.getStore();
  if (token) context.setHeaderParam('Authorization', `Bearer ${token}`);
  return context;
}

function isUnauthorized(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 401 && 'body' in (error as object);
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null;
  } catch {
    return false;
  }
}

export interface HubspotApiOptions {
  /** A private-app token or an OAuth app's refreshed tokens. */
  readonly tokens: AccessTokens;
  readonly baseUrl?: string;
  readonly limits: HubspotLimits;
  readonly requestTimeoutMs?: number;
  readonly retryPolicy?: RetryPolicy;
}

export interface HubspotApiDeps {
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  /** The account's limits shared with other processes (a Postgres store); this process only when absent. */
  readonly sharedLimits?: CrmLimits;
}

/**
 * The HubSpot calls the connector makes, through the official @hubspot/api-client with its own
 * retries off (numberOfApiCallRetries: 0): the SDK's retry ignores Retry-After and shares no
 * budget across calls. Here every call waits for the account throttle, is retried on separate
 * 429 / 5xx budgets honouring Retry-After, and fails with a classified ConnectorError.
 */
export class HubspotApi {
  readonly metrics: ApiMetrics = { requests: 0, rateLimited: 0, transientFailures: 0, rejectedTwice: 0 };
  readonly throttle: AccountThrottle;
  readonly #objects;
  readonly #properties;
  readonly #associations;
  readonly #client: Client;
  readonly #options: HubspotApiOptions;
  readonly #deps: HubspotApiDeps;

  constructor(options: HubspotApiOptions, deps: HubspotApiDeps) {
    this.#options = options;
    this.#deps = deps;
    const basePath = options.baseUrl ?? HUBSPOT_API_URL;
    this.throttle = accountThrottle(
      basePath,
      options.tokens.accountKey,
      options.limits,
      deps.clock,
      deps.sleep,
      deps.sharedLimits,
    );
    const client = new Client({
      basePath,
      numberOfApiCallRetries: 0,
      middleware: [
        { pre: (context) => withBearer(context as BearerContext), post: (context) => this.#observe(context) },
      ],
    });
    // The SDK applies its (process-wide) decorator list when an API object is first built; building
    // ours now pins them to this client's "no SDK retries, no SDK limiter" configuration.
    this.#client = client;
    this.#objects = client.crm.objects;
    this.#properties = client.crm.properties;
    this.#associations = client.crm.associations.v4.batchApi;
  }

  async listPage(
    type: string,
    request: {
      after: string | null;
      properties: readonly string[];
      associations: readonly string[];
      archived: boolean;
    },
  ): Promise<{ results: HubObject[]; after: string | null }> {
    const page = await this.#call(
      'general',
      `GET /crm/v3/objects/${type}${request.archived ? '?archived=true' : ''}`,
      () =>
        this.#objects.basicApi.getPage(
          type,
          100,
          request.after ?? undefined,
          [...request.properties],
          undefined,
          request.associations.length > 0 ? [...request.associations] : undefined,
          request.archived,
        ),
    );
    return { results: page.results.map(toHubObject), after: page.paging?.next?.after ?? null };
  }

  async search(
    type: string,
    request: SearchRequest,
  ): Promise<{ results: HubObject[]; total: number; after: string | null }> {
    const page = await this.#call('search', `POST /crm/v3/objects/${type}/search`, () =>
      // The SDK types `sorts` as string[]; HubSpot wants {propertyName, direction} objects (hubspot-api-nodejs#559).
      this.#objects.searchApi.doSearch(type, request as never),
    );
    return {
      results: page.results.map(toHubObject),
      total: page.total,
      after: page.paging?.next?.after ?? null,
    };
  }

  /**
   * One v4 batch read of associations: each input is a record id, with the `after` of that
   * record's previous page when continuing it. Records with none are simply absent.
   */
  async associationPage(
    from: string,
    to: string,
    inputs: readonly AssociationPageInput[],
  ): Promise<AssociationPageResult[]> {
    if (inputs.length === 0) return [];
    const response = await this.#call('general', `POST /crm/v4/associations/${from}/${to}/batch/read`, () =>
      this.#associations.getPage(from, to, {
        inputs: inputs.map((input) =>
          input.after ? { id: input.id, after: input.after } : { id: input.id },
        ),
      }),
    );
    return response.results.map((result) => ({
      id: String(result._from.id),
      toIds: result.to.map((target) => String(target.toObjectId)),
      after: result.paging?.next?.after ?? null,
    }));
  }

  /** Records by id, or by the values of a unique-value property (`idProperty`); missing ones are errors. */
  async batchRead(
    type: string,
    ids: readonly string[],
    properties: readonly string[],
    idProperty?: string,
  ): Promise<BatchOutcome> {
    const response = await this.#call('general', `POST /crm/v3/objects/${type}/batch/read`, () =>
      this.#objects.batchApi.read(type, {
        inputs: ids.map((id) => ({ id })),
        properties: [...properties],
        propertiesWithHistory: [],
        ...(idProperty ? { idProperty } : {}),
      }),
    );
    return { results: response.results.map(toHubObject), errors: toBatchErrors(response) };
  }

  async batchUpdate(
    type: string,
    inputs: readonly { id: string; properties: Record<string, string> }[],
  ): Promise<BatchOutcome> {
    const response = await this.#call('general', `POST /crm/v3/objects/${type}/batch/update`, () =>
      this.#objects.batchApi.update(type, {
        inputs: inputs.map((input) => ({ id: input.id, properties: input.properties })),
      }),
    );
    return { results: response.results.map(toHubObject), errors: toBatchErrors(response) };
  }

  async batchCreate(
    type: string,
    inputs: readonly {
      properties: Record<string, string>;
      associations: unknown[];
      objectWriteTraceId: string;
    }[],
  ): Promise<BatchOutcome> {
    const response = await this.#call('general', `POST /crm/v3/objects/${type}/batch/create`, () =>
      this.#objects.batchApi.create(type, { inputs: inputs as never }),
    );
    return { results: response.results.map(toHubObject), errors: toBatchErrors(response) };
  }

  async propertyGroups(type: string): Promise<string[]> {
    const response = await this.#call('general', `GET /crm/v3/properties/${type}/groups`, () =>
      this.#properties.groupsApi.getAll(type),
    );
    return response.results.map((group) => group.name);
  }

  async createPropertyGroup(type: string, group: { name: string; label: string }): Promise<void> {
    await this.#call('general', `POST /crm/v3/properties/${type}/groups`, () =>
      this.#properties.groupsApi.create(type, { name: group.name, label: group.label, displayOrder: -1 }),
    );
  }

  /** Every (non-archived) property of the object type, with what its values may be. */
  async propertyDefinitions(type: string): Promise<PropertyRule[]> {
    const response = await this.#call('general', `GET /crm/v3/properties/${type}`, () =>
      this.#properties.coreApi.getAll(type, false),
    );
    return response.results.map((property) => ({
      name: property.name,
      type: property.type,
      options: (property.options ?? []).map((option) => option.value),
      externalOptions: property.externalOptions === true,
      readOnlyValue: property.modificationMetadata?.readOnlyValue === true,
    }));
  }

  /** The account's company currency (currencies API), in which HubSpot states `amount_in_home_currency`. */
  async companyCurrency(): Promise<string> {
    const label = 'GET /settings/v3/currencies/company-currency';
    const body = await this.#call('general', label, async () => {
      // apiRequest bypasses the middleware, so the request's bearer token is set here.
      const response = await this.#client.apiRequest({
        method: 'GET',
        path: '/settings/v3/currencies/company-currency',
        headers: { Authorization: `Bearer ${bearer.getStore() ?? ''}` },
      });
      const text = await response.text();
      const parsed: unknown = isJsonObject(text) ? JSON.parse(text) : { message: text.slice(0, 120) };
      if (!response.ok) throw { code: response.status, body: parsed, headers: response.headers };
      return parsed as { currencyCode?: unknown };
    });
    if (typeof body.currencyCode !== 'string' || !/^[A-Za-z]{3}$/.test(body.currencyCode))
      throw new ConnectorError(`${label} answered without a currency code`, { kind: 'invalid' });
    return body.currencyCode.toUpperCase();
  }

  /** One property's definition, or null when the object has no such property. */
  async propertyDefinition(type: string, name: string): Promise<{ hasUniqueValue: boolean } | null> {
    try {
      const property = await this.#call('general', `GET /crm/v3/properties/${type}/{name}`, () =>
        this.#properties.coreApi.getByName(type, name),
      );
      return { hasUniqueValue: property.hasUniqueValue === true };
    } catch (error) {
      if (error instanceof ConnectorError && error.status === 404) return null;
      throw error;
    }
  }

  async createProperties(
    type: string,
    inputs: readonly PropertyDefinitionInput[],
  ): Promise<BatchOutcome & { created: string[] }> {
    const response = await this.#call('general', `POST /crm/v3/properties/${type}/batch/create`, () =>
      this.#properties.batchApi.create(type, { inputs: inputs as never }),
    );
    return {
      results: [],
      errors: toBatchErrors(response),
      created: response.results.map((property) => property.name),
    };
  }

  /**
   * Sees every answer before the SDK parses it: quota headers feed the throttle, and an error
   * answer without a JSON body (an HTML 502 from HubSpot's edge) is given one, so the SDK raises
   * an ApiException with the status instead of a bare JSON parse error.
   */
  async #observe(context: unknown): Promise<unknown> {
    const response = context as {
      httpStatusCode: number;
      headers: Record<string, string>;
      body: { text(): Promise<string>; binary(): Promise<Buffer> };
    };
    this.throttle.observe(response.headers);
    if (response.httpStatusCode < 400) return context;
    const text = await response.body.text().catch(() => '');
    if (isJsonObject(text)) return context;
    const replacement = JSON.stringify({
      status: 'error',
      message: `HubSpot answered ${response.httpStatusCode} without a JSON body: ${text.replace(/\s+/g, ' ').slice(0, 120) || '(empty)'}`,
      category: 'UNPARSEABLE_RESPONSE',
    });
    response.body = { text: async () => replacement, binary: async () => Buffer.from(replacement) };
    response.headers['content-type'] = 'application/json';
    return context;
  }

  async #call<T>(kind: RequestKind, label: string, request: () => Promise<T>): Promise<T> {
    const { clock, sleep, random } = this.#deps;
    const { tokens } = this.#options;
    let rejections = 0;
    const send = async (): Promise<T> => {
      const token = await tokens.token();
      this.metrics.requests++;
      try {
        return await bearer.run(token, () => this.#withTimeout(request(), label));
      } catch (error) {
        // An OAuth token can be refused before its expiry (revoked, clock skew): refresh once and resend.
        if (!isUnauthorized(error) || !tokens.invalidate(token)) throw error;
        const fresh = await tokens.token();
        this.metrics.requests++;
        return await bearer.run(fresh, () => this.#withTimeout(request(), label));
      }
    };
    const attempt = (): Promise<T> =>
      this.throttle.run(kind, async () => {
        try {
          return await send();
        } catch (error) {
          throw toConnectorError(error, {
            label,
            now: clock.now(),
            authHint: tokens.authHint,
            msUntilDailyReset: () => msUntilMidnight(clock.now(), this.#options.limits.accountTimeZone),
          });
        }
      });
    try {
      return await withRetries(attempt, this.#options.retryPolicy ?? defaultRetryPolicy, {
        clock,
        sleep,
        random,
        onRetry: ({ kind: failure, delayMs }) => {
          if (failure === 'rate_limited') {
            this.metrics.rateLimited++;
            if (++rejections === 2) this.metrics.rejectedTwice++;
            this.throttle.backOff(kind, delayMs);
          } else {
            this.metrics.transientFailures++;
          }
        },
      });
    } catch (error) {
      if (error instanceof ConnectorError && error.kind === 'rate_limited') this.metrics.rateLimited++;
      throw error;
    }
  }

  async #withTimeout<T>(pending: Promise<T>, label: string): Promise<T> {
    const ms = this.#options.requestTimeoutMs ?? 30_000;
    const abort = new AbortController();
    const timeout = delay(ms, undefined, { signal: abort.signal }).then(
      () => {
        throw new RequestTimeoutError(label, ms);
      },
      () => undefined as never,
    );
    // A request that loses the race may still fail later (its socket is closed); that is expected.
    pending.catch(() => undefined);
    try {
      return await Promise.race([pending, timeout]);
    } finally {
      abort.abort();
    }
  }
}
