import { z } from 'zod';
import {
  entityScoresResponseSchema,
  errorSchema,
  historyQuerySchema,
  modelsResponseSchema,
  planRequestSchema,
  planResponseSchema,
  scoreRequestSchema,
  scoreResponseSchema,
} from './api-schemas.ts';
import type { ApiScope } from './server-deps.ts';

export type PathItem = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

const json = (schema: z.ZodType, io: 'input' | 'output') => ({
  'application/json': { schema: schemaOf(schema, io) },
});

function errors(...statuses: number[]): Record<string, unknown> {
  const text: Record<number, string> = {
    400: 'Invalid request; `field` names the bad field',
    401: 'API key missing, unknown or revoked',
    403: 'API key lacks the scope this route needs',
    404: 'Not found',
    413: 'Body larger than server.bodyLimit',
    429: 'Over server.rateLimit.perMinute for this key; see Retry-After',
  };
  return Object.fromEntries(
    statuses.map((s) => [
      String(s),
      { description: text[s] ?? 'Error', content: json(errorSchema, 'output') },
    ]),
  );
}

function secured(scope: ApiScope) {
  return { security: [{ bearer: [scope] }, { cookie: [scope] }], 'x-scope': scope };
}

function queryParameters(schema: z.ZodObject): unknown[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: false,
    schema: schemaOf(field as z.ZodType, 'input'),
  }));
}

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

const ONE_CLICK_FORM = {
  type: 'object',
  required: ['List-Unsubscribe'],
  properties: { 'List-Unsubscribe': { const: 'One-Click' } },
};
const HTML_PAGE = { 'text/html': { schema: { type: 'string' } } };

/** Webhook and unsubscribe contracts, for documentation; the hooks router checks its own input. */
const hookPaths: Record<string, PathItem> = {
  '/hooks/hubspot': {
    post: {
      summary:
        'HubSpot webhook (v3 signature and timestamp checked); re-syncs and re-scores the changed records',
      security: [],
      parameters: [
        { name: 'X-HubSpot-Signature-v3', in: 'header', required: true, schema: { type: 'string' } },
        { name: 'X-HubSpot-Request-Timestamp', in: 'header', required: true, schema: { type: 'string' } },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: { type: 'array', items: { type: 'object', additionalProperties: true } },
          },
        },
      },
      responses: { '200': { description: 'Accepted' }, ...errors(400, 401, 413) },
    },
  },
  '/hooks/salesforce': {
    post: {
      summary:
        'Salesforce change notification (HMAC in X-Scorebridge-Signature); re-syncs and re-scores the changed records',
      security: [],
      parameters: [
        { name: 'X-Scorebridge-Signature', in: 'header', required: true, schema: { type: 'string' } },
      ],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } },
      },
      responses: { '200': { description: 'Accepted' }, ...errors(400, 401, 413) },
    },
  },
  '/v1/unsubscribe': {
    get: {
      summary: 'Unsubscribe confirmation page for the signed token in the link',
      security: [],
      parameters: [{ name: 'token', in: 'query', required: true, schema: { type: 'string' } }],
      responses: {
        '200': { description: 'Confirmation page', content: { 'text/html': { schema: { type: 'string' } } } },
        ...errors(400),
      },
    },
    post: {
      summary:
        'RFC 8058 one-click unsubscribe (form field List-Unsubscribe=One-Click, multipart or urlencoded, at most 4,096 bytes and 10 fields); suppresses future sends',
      security: [],
      parameters: [{ name: 'token', in: 'query', required: true, schema: { type: 'string' } }],
      requestBody: {
        content: {
          'multipart/form-data': { schema: ONE_CLICK_FORM },
          'application/x-www-form-urlencoded': { schema: ONE_CLICK_FORM },
        },
      },
      responses: {
        '200': { description: 'Unsubscribed (HTML page)', content: HTML_PAGE },
        '400': {
          description:
            'Invalid link, no one-click field, more than 10 fields or a malformed multipart body (HTML page saying which)',
          content: HTML_PAGE,
        },
        '413': { description: 'Body over 4,096 bytes (HTML page)', content: HTML_PAGE },
        '415': { description: 'Body that is not a form (HTML page)', content: HTML_PAGE },
      },
    },
  },
};

/** The OpenAPI 3.1 document of every route, request and response schemas generated from zod. */
export function buildOpenApi(options: {
  version: string;
  serverUrl?: string;
  extraPaths?: Record<string, PathItem>;
}) {
  const paths: Record<string, PathItem> = {
    '/v1/score': {
      post: {
        summary:
          'Score a stored contact/account by id, or a contact/account payload, with every promoted model',
        ...secured('score'),
        requestBody: { required: true, content: json(scoreRequestSchema, 'input') },
        responses: {
          '200': {
            description: 'Scores, tiers and reasons per model',
            content: json(scoreResponseSchema, 'output'),
          },
          ...errors(400, 401, 403, 404, 413, 429),
        },
      },
    },
    '/v1/contacts/{id}/scores': {
      get: {
        summary: "A contact's current scores and score history (newest first)",
        ...secured('read'),
        parameters: [idParameter, ...queryParameters(historyQuerySchema)],
        responses: {
          '200': { description: 'Scores', content: json(entityScoresResponseSchema, 'output') },
          ...errors(400, 401, 403, 404, 429),
        },
      },
    },
    '/v1/accounts/{id}/scores': {
      get: {
        summary: "An account's current scores and score history (newest first)",
        ...secured('read'),
        parameters: [idParameter, ...queryParameters(historyQuerySchema)],
        responses: {
          '200': { description: 'Scores', content: json(entityScoresResponseSchema, 'output') },
          ...errors(400, 401, 403, 404, 429),
        },
      },
    },
    '/v1/models': {
      get: {
        summary: 'Models: versions, the promoted one, and metrics',
        ...secured('read'),
        responses: {
          '200': { description: 'Models', content: json(modelsResponseSchema, 'output') },
          ...errors(401, 403, 429),
        },
      },
    },
    '/v1/workflows/{name}/plan': {
      post: {
        summary: 'What the next workflow run would do, to whom and when (read-only)',
        ...secured('read'),
        parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { content: json(planRequestSchema, 'input') },
        responses: {
          '200': { description: 'Plan entries', content: json(planResponseSchema, 'output') },
          ...errors(400, 401, 403, 404, 429),
        },
      },
    },
    '/healthz': {
      get: { summary: 'The process is up', security: [], responses: { '200': { description: 'OK' } } },
    },
    '/readyz': {
      get: {
        summary: 'Store reachable and migrations applied',
        description:
          'On Postgres, a round trip on a fresh connection (2 s at most) and a read on the server\'s own connection. 503 carries `reason`, e.g. "Postgres did not answer: …" or "store migrations not applied: …".',
        security: [],
        responses: { '200': { description: 'Ready' }, '503': { description: 'Not ready, with the reason' } },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics',
        security: [],
        responses: {
          '200': {
            description: 'Prometheus text format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/openapi.json': {
      get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } },
    },
    '/login': {
      get: {
        summary: 'Dashboard sign-in page (HTML form); an API key in the query string is refused',
        security: [],
        parameters: [{ name: 'next', in: 'query', required: false, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'HTML sign-in form' },
          '400': { description: 'A key was put in the URL' },
        },
      },
      post: {
        summary:
          'Checks a read-scope key posted by the sign-in form (with its CSRF token) and opens a session: the sb_session cookie carries a random session id, never the key',
        security: [],
        requestBody: {
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['key', 'csrf'],
                properties: { key: { type: 'string' }, csrf: { type: 'string' }, next: { type: 'string' } },
              },
            },
          },
        },
        responses: {
          '303': { description: 'Signed in: redirect to the dashboard page asked for' },
          '401': { description: 'Unknown or revoked key (the form again, with the reason)' },
          '403': { description: 'Key without read scope, or a form without a valid CSRF token' },
          '429': {
            description:
              'Too many attempts or wrong keys from this address, or the key is over server.rateLimit.perMinute (the same allowance as the API)',
          },
        },
      },
    },
    '/logout': {
      post: {
        summary: 'Ends the dashboard session (form post with the session CSRF token)',
        security: [{ cookie: [] }],
        responses: { '303': { description: 'Signed out: redirect to /login' } },
      },
    },
    '/dashboard': {
      get: {
        summary: 'Dashboard (HTML)',
        ...secured('read'),
        responses: {
          '200': { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } },
          ...errors(401, 403),
        },
      },
    },
    ...hookPaths,
    ...options.extraPaths,
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'scorebridge API',
      version: options.version,
      description: 'Real-time scores, models, workflow plans, CRM webhooks and unsubscribe.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'API key: sb_live_… (scorebridge keys create)',
        },
        cookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'sb_session',
          description: 'Dashboard session id, set by POST /login (HttpOnly, SameSite=Strict)',
        },
      },
    },
    paths,
  };
}
