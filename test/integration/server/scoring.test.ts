import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Score } from '../../../core/schema/index.ts';
import { scoreAll } from '../../../scoring/batch/score-all.ts';
import { loadSnapshot } from '../../../scoring/features/snapshot.ts';
import { DEFAULT_MODEL_SPECS } from '../../../scoring/models/model-specs.ts';
import { ModelRegistry } from '../../../scoring/registry/model-registry.ts';
import { DEMO_AS_OF } from '../../helpers/scoring-pipeline/demo-store.ts';
import { call, type ServerFixture, serverFixture, startServer } from './server-fixture.ts';

let fixture: ServerFixture;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  fixture = await serverFixture();
  const registry = ModelRegistry.of(fixture.demo.store, fixture.clock);
  await scoreAll(fixture.demo.store, registry, await fixture.demo.features(), {
    asOf: DEMO_AS_OF,
    specs: DEFAULT_MODEL_SPECS,
  });
  server = await startServer(fixture);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/** Entities batch scoring scored with `model`, from the stored current scores. */
async function scoredBy(model: string): Promise<Score[]> {
  const out: Score[] = [];
  for await (const page of fixture.demo.store.iterateCurrentScores(model)) out.push(...page);
  return out;
}

function comparable(score: {
  model: string;
  value: number;
  tier: string;
  reasons: unknown;
  action?: string | null;
  amount?: number | null;
}) {
  return {
    model: score.model,
    value: score.value,
    tier: score.tier,
    reasons: score.reasons,
    action: score.action ?? null,
    amount: score.amount ?? null,
  };
}

describe('POST /v1/score', () => {
  it('scores a stored contact and account exactly as batch scoring did for the same cutoff', async () => {
    for (const [type, models] of [
      ['contact', ['lead_score', 'next_best_action']],
      ['account', ['churn_risk', 'lifetime_value']],
    ] as const) {
      const batch = (await scoredBy(models[0])).slice(0, 5);
      expect(batch.length).toBeGreaterThan(0);
      for (const stored of batch) {
        const answer = await call(server.url, '/v1/score', {
          key: fixture.keys.score,
          body: { entity: { type, id: stored.entityId }, asOf: DEMO_AS_OF },
        });
        expect(answer.status).toBe(200);
        expect(answer.body.entity).toEqual({ type, id: stored.entityId });
        const current = await fixture.demo.store.currentScores(type, stored.entityId);
        for (const model of models) {
          const want = current.find((s) => s.model === model);
          const got = answer.body.scores.find((s: { model: string }) => s.model === model);
          if (!want) {
            expect(got).toBeUndefined();
            continue;
          }
          expect(comparable(got)).toEqual(comparable(want));
          expect(got.version).toBe(want.modelVersion);
          if (want.probability !== null) expect(got.probability).toBeCloseTo(want.probability, 12);
        }
      }
    }
  });

  it('scores an account sent as a payload the same as the stored account it copies', async () => {
    const [stored] = await scoredBy('churn_risk');
    const snapshot = await loadSnapshot(fixture.demo.store, 'account', stored!.entityId, DEMO_AS_OF);
    if (snapshot?.entityType !== 'account') throw new Error('demo account missing');
    const { account } = snapshot;
    const defined = <T extends object>(o: T) =>
      Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
    const body = {
      asOf: DEMO_AS_OF,
      account: defined({
        id: account.id,
        industry: account.industry,
        employees: account.employees,
        annualRevenue: account.annualRevenue,
        plan: account.plan,
        mrr: account.mrr,
        country: account.country,
        status: account.status,
        churnedAt: account.churnedAt,
        createdAt: account.createdAt,
        properties: account.properties,
      }),
      events: snapshot.events.map((e) =>
        defined({
          type: e.type,
          occurredAt: e.occurredAt,
          value: e.value,
          person: e.contactId,
          properties: e.properties,
        }),
      ),
      deals: snapshot.deals.map((d) =>
        defined({
          status: d.status,
          amount: d.amount,
          stage: d.stage,
          createdAt: d.createdAt,
          closedAt: d.closedAt,
        }),
      ),
    };
    const answer = await call(server.url, '/v1/score', { key: fixture.keys.score, body });
    expect(answer.status).toBe(200);
    const got = answer.body.scores.find((s: { model: string }) => s.model === 'churn_risk');
    expect(comparable(got)).toEqual(comparable(stored!));
  });

  it('scores a new lead from a form payload, and says which models do not apply', async () => {
    const answer = await call(server.url, '/v1/score', {
      key: fixture.keys.score,
      body: {
        contact: { email: 'ana@example.com', role: 'champion', country: 'ES' },
        events: [
          { type: 'form_submit', occurredAt: '2026-10-30T10:00:00Z' },
          { type: 'page_view', occurredAt: '2026-10-31T09:00:00Z' },
        ],
        asOf: DEMO_AS_OF,
      },
    });
    expect(answer.status).toBe(200);
    const lead = answer.body.scores.find((s: { model: string }) => s.model === 'lead_score');
    expect(lead.value).toBeGreaterThanOrEqual(0);
    expect(['low', 'medium', 'high']).toContain(lead.tier);
    expect(lead.reasons.length).toBeGreaterThan(0);
    expect(answer.body.entity).toEqual({ type: 'contact', id: null });
  });

  it("accepts events under a product's own names, which no built-in feature of a contact reads", async () => {
    const body = (events: { type: string; occurredAt: string }[]) => ({
      contact: { email: 'ana@example.com', role: 'champion', country: 'ES' },
      events: [{ type: 'form_submit', occurredAt: '2026-10-30T10:00:00Z' }, ...events],
      asOf: DEMO_AS_OF,
    });
    const custom = await call(server.url, '/v1/score', {
      key: fixture.keys.score,
      body: body([
        { type: 'report_exported', occurredAt: '2026-10-31T09:00:00Z' },
        { type: 'Seat Added', occurredAt: '2026-10-31T10:00:00Z' },
      ]),
    });
    expect(custom.status).toBe(200);
    const plain = await call(server.url, '/v1/score', { key: fixture.keys.score, body: body([]) });
    expect(custom.body.scores.map(comparable)).toEqual(plain.body.scores.map(comparable));

    const control = await call(server.url, '/v1/score', {
      key: fixture.keys.score,
      body: body([{ type: 'seat\nadded', occurredAt: '2026-10-31T10:00:00Z' }]),
    });
    expect(control.status).toBe(400);
    expect(control.body.field).toBe('events[1].type');
    expect(control.body.message).toContain('control character');
  });

  it('answers 404 for an id the store does not know', async () => {
    const answer = await call(server.url, '/v1/score', {
      key: fixture.keys.score,
      body: { entity: { type: 'contact', id: 'nobody' } },
    });
    expect(answer.status).toBe(404);
    expect(answer.body.field).toBe('entity.id');
  });
});

describe('read routes', () => {
  it('lists current scores and history of a contact and an account', async () => {
    const [lead] = await scoredBy('lead_score');
    const contact = await call(server.url, `/v1/contacts/${lead!.entityId}/scores`, {
      key: fixture.keys.read,
    });
    expect(contact.status).toBe(200);
    expect(contact.body.current.map((s: { model: string }) => s.model)).toContain('lead_score');
    expect(contact.body.history.length).toBeGreaterThanOrEqual(contact.body.current.length);
    const [churn] = await scoredBy('churn_risk');
    const account = await call(server.url, `/v1/accounts/${churn!.entityId}/scores?model=churn_risk`, {
      key: fixture.keys.read,
    });
    expect(account.body.current).toHaveLength(1);
    expect(account.body.current[0].value).toBe(churn!.value);
    expect((await call(server.url, '/v1/accounts/nope/scores', { key: fixture.keys.read })).status).toBe(404);
    const badLimit = await call(server.url, `/v1/accounts/${churn!.entityId}/scores?limit=0`, {
      key: fixture.keys.read,
    });
    expect(badLimit.body.field).toBe('limit');
  });

  it('lists every model with its promoted version and metrics', async () => {
    const answer = await call(server.url, '/v1/models', { key: fixture.keys.read });
    const names = answer.body.models.map((m: { name: string }) => m.name);
    expect(names).toEqual(['churn_risk', 'lead_score', 'lifetime_value', 'next_best_action']);
    const churn = answer.body.models.find((m: { name: string }) => m.name === 'churn_risk');
    expect(churn.promoted).toBe(1);
    expect(churn.versions[0].metrics).toBeTypeOf('object');
  });

  it('plans a workflow read-only and answers 404 for an unknown one', async () => {
    const plan = await call(server.url, '/v1/workflows/risk_watch/plan', {
      key: fixture.keys.read,
      body: { asOf: DEMO_AS_OF },
    });
    expect(plan.status).toBe(200);
    expect(plan.body.workflow).toBe('risk_watch');
    expect(Array.isArray(plan.body.entries)).toBe(true);
    expect(plan.body.entries.length).toBeGreaterThan(0);
    const unknown = await call(server.url, '/v1/workflows/nope/plan', { key: fixture.keys.read, body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('risk_watch');
  });
});
