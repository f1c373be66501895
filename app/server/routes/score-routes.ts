import { Router } from 'express';
import type { EntityType, Score } from '../../../core/schema/index.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { historyQuerySchema, scoreByIdSchema, scorePayloadSchema } from '../api-schemas.ts';
import { HttpError, parseOr400 } from '../http/http-error.ts';
import type { Metrics } from '../metrics.ts';
import type { EntityScorer, ScoredEntity } from '../scoring/entity-scorer.ts';
import { requireScope } from '../security/require-scope.ts';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Stored scores without the entity columns the URL already names. */
function storedView(score: Score) {
  return {
    model: score.model,
    kind: score.kind,
    modelVersion: score.modelVersion,
    probability: score.probability,
    value: score.value,
    tier: score.tier,
    reasons: score.reasons,
    amount: score.amount ?? null,
    action: score.action ?? null,
    computedAt: score.computedAt,
  };
}

async function entityScores(store: SqliteCanonicalStore, type: EntityType, id: string, query: unknown) {
  const { model, limit } = parseOr400(historyQuerySchema, query, 'query');
  const resolved = await store.resolveId(type, id);
  const exists = type === 'contact' ? await store.getContact(resolved) : await store.getAccount(resolved);
  if (!exists) throw new HttpError(404, 'not_found', `no ${type} with id "${id}" in the store`);
  const current = (await store.currentScores(type, resolved)).filter(
    (s) => model === undefined || s.model === model,
  );
  const history = await store.scoreHistory(type, resolved, model);
  // Newest first, so a limit keeps the most recent scores.
  const newestFirst = [...history].sort((a, b) => b.computedAt.localeCompare(a.computedAt));
  return {
    entity: { type, id: resolved },
    current: current.map(storedView),
    history: newestFirst.slice(0, limit ?? 100).map(storedView),
  };
}

/** POST /v1/score (scope score) and the stored scores of a contact or account (scope read). */
export function scoreRoutes(deps: {
  store: SqliteCanonicalStore;
  scorer: EntityScorer;
  metrics: Metrics;
}): Router {
  const router = Router();
  router.post('/v1/score', requireScope('score'), async (req, res) => {
    const body: unknown = req.body;
    if (!isObject(body))
      throw new HttpError(
        400,
        'invalid_request',
        'body: send a JSON object (Content-Type: application/json)',
        { field: '(body)' },
      );
    let result: ScoredEntity;
    if ('entity' in body) {
      const request = parseOr400(scoreByIdSchema, body, 'body');
      const scored = await deps.scorer.scoreStored(request.entity.type, request.entity.id, request.asOf);
      if (!scored)
        throw new HttpError(
          404,
          'not_found',
          `no ${request.entity.type} with id "${request.entity.id}" in the store`,
          {
            field: 'entity.id',
          },
        );
      result = scored;
    } else {
      result = deps.scorer.scorePayload(parseOr400(scorePayloadSchema, body, 'body'));
    }
    for (const score of result.scores) deps.metrics.scoresComputed.inc({ model: score.model });
    res.json(result);
  });
  router.get('/v1/contacts/:id/scores', requireScope('read'), async (req, res) => {
    res.json(await entityScores(deps.store, 'contact', req.params.id as string, req.query));
  });
  router.get('/v1/accounts/:id/scores', requireScope('read'), async (req, res) => {
    res.json(await entityScores(deps.store, 'account', req.params.id as string, req.query));
  });
  return router;
}
