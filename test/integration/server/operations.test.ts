import { existsSync } from 'node:fs';
import { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AS_OF } from '../../helpers/scoring-pipeline/demo-store.ts';
import { call, type ServerFixture, serverFixture, startServer } from './server-fixture.ts';

let fixture: ServerFixture;
let server: Awaited<ReturnType<typeof startServer>>;
let releaseSlow: () => void = () => {};
let slowStarted: () => void = () => {};
const slowStartedPromise = new Promise<void>((resolve) => {
  slowStarted = resolve;
});

/** A route that answers only when the test says so: an in-flight request during shutdown. */
function slowRouter(): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    slowStarted();
    await new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    res.json({ finished: true });
  });
  return router;
}

beforeAll(async () => {
  fixture = await serverFixture();
  server = await startServer(fixture, {
    extra: { routers: [{ path: '/slow', router: slowRouter(), auth: 'none' }] },
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('operations', () => {
  it('answers /healthz and /readyz without a key', async () => {
    expect((await call(server.url, '/healthz')).body).toEqual({ status: 'ok' });
    expect((await call(server.url, '/readyz')).body).toEqual({ status: 'ready' });
  });

  it('exposes request durations by route and scores computed in Prometheus format', async () => {
    const contact = fixture.demo.store.database.prepare('SELECT id FROM contacts LIMIT 1').get() as {
      id: string;
    };
    await call(server.url, '/v1/score', {
      key: fixture.keys.score,
      body: { entity: { type: 'contact', id: contact.id }, asOf: DEMO_AS_OF },
    });
    const metrics = await call(server.url, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.body).toMatch(
      /scorebridge_http_request_duration_seconds_count\{route="\/v1\/score",method="POST",status="200"\} 1/,
    );
    expect(metrics.body).toContain('scorebridge_scores_computed_total');
    expect(metrics.body).toContain('# TYPE scorebridge_webhooks_received_total counter');
    expect(metrics.body).toContain('# TYPE scorebridge_unsubscribes_total counter');
  });

  it('serves an OpenAPI 3.1 document listing every route with generated schemas', async () => {
    const doc = await call(server.url, '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/score',
        '/v1/contacts/{id}/scores',
        '/v1/accounts/{id}/scores',
        '/v1/models',
        '/v1/workflows/{name}/plan',
        '/healthz',
        '/readyz',
        '/metrics',
        '/openapi.json',
        '/login',
        '/dashboard',
        '/hooks/hubspot',
        '/hooks/salesforce',
        '/v1/unsubscribe',
      ]),
    );
    const score = doc.body.paths['/v1/score'].post;
    expect(score.requestBody.content['application/json'].schema.anyOf).toHaveLength(2);
    expect(score.responses['200'].content['application/json'].schema.properties.scores.type).toBe('array');
    expect(score['x-scope']).toBe('score');
  });

  it('finishes an in-flight request on shutdown, refuses new ones, and closes the store', async () => {
    const inFlight = fetch(`${server.url}/slow`).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
    await slowStartedPromise;
    let closed = false;
    const closing = server.close().then(() => {
      closed = true;
    });
    // Give close() a chance to run: it must still be waiting for the request.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    releaseSlow();
    expect(await inFlight).toEqual({ status: 200, body: { finished: true } });
    await closing;
    expect(closed).toBe(true);
    expect(() => fixture.demo.store.database.prepare('SELECT 1').get()).toThrow();
    expect(existsSync(fixture.demo.storePath)).toBe(true);
  });
});
