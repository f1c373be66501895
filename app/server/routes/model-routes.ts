import { Router } from 'express';
import type { ModelSpec } from '../../../scoring/models/model-specs.ts';
import type { ModelRegistry } from '../../../scoring/registry/model-registry.ts';
import { requireScope } from '../security/require-scope.ts';

/** GET /v1/models (scope read): every configured model, its versions, the promoted one and metrics. */
export function modelRoutes(deps: { registry: ModelRegistry; specs: readonly ModelSpec[] }): Router {
  const router = Router();
  router.get('/v1/models', requireScope('read'), (_req, res) => {
    const records = deps.registry.list();
    const names = [...new Set([...deps.specs.map((s) => s.name), ...records.map((r) => r.name)])].sort();
    const models = names.map((name) => {
      const versions = records.filter((r) => r.name === name);
      const spec = deps.specs.find((s) => s.name === name);
      return {
        name,
        kind: spec?.kind ?? versions[0]?.kind ?? 'unknown',
        entity: spec?.entity ?? versions[0]?.entity ?? 'unknown',
        promoted: versions.find((r) => r.status === 'promoted')?.version ?? null,
        versions: versions.map((r) => ({
          version: r.version,
          status: r.status,
          trainedAt: r.trainedAt,
          asOf: r.asOf,
          promotionReason: r.promotionReason,
          metrics: r.metrics,
        })),
      };
    });
    res.json({ models });
  });
  return router;
}
