import { Router } from 'express';
import type { Clock } from '../../../core/clock.ts';
import type { ConfigEnv } from '../../../core/config/index.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import type { LoadedConfig } from '../../config/index.ts';
import { loadWorkflowSetup, type WorkflowSetup } from '../../workflows/load-setup.ts';
import { planWorkflows } from '../../workflows/plan-workflows.ts';
import { planRequestSchema } from '../api-schemas.ts';
import { HttpError, parseOr400 } from '../http/http-error.ts';
import { requireScope } from '../security/require-scope.ts';

/** POST /v1/workflows/:name/plan (scope read): what the next run would do, read-only. */
export function workflowRoutes(deps: {
  loaded: LoadedConfig;
  env: ConfigEnv;
  store: SqliteCanonicalStore;
  clock: Clock;
}): Router {
  const router = Router();
  // Workflow files are read once, on the first plan request; a server reload picks up edits.
  let setup: Promise<WorkflowSetup> | null = null;
  router.post('/v1/workflows/:name/plan', requireScope('read'), async (req, res) => {
    const body = parseOr400(planRequestSchema, req.body ?? {}, 'body');
    setup ??= loadWorkflowSetup(deps.loaded, deps.env).catch((error: unknown) => {
      setup = null;
      throw error;
    });
    const loadedSetup = await setup;
    const name = req.params.name as string;
    if (!loadedSetup.workflows.some((w) => w.name === name)) {
      const known = loadedSetup.workflows.map((w) => w.name).join(', ') || 'none';
      throw new HttpError(404, 'not_found', `no workflow named "${name}" (known: ${known})`);
    }
    const asOf = new Date(body.asOf ?? deps.clock.now().toISOString());
    const entries = await planWorkflows({
      store: deps.store,
      setup: loadedSetup,
      consent: deps.loaded.config.email?.consent ?? 'explicit_opt_in',
      csms: deps.loaded.config.email?.csms ?? [],
      asOf,
      workflow: name,
      ...(body.entity ? { entity: body.entity } : {}),
    });
    res.json({ workflow: name, asOf: asOf.toISOString(), entries });
  });
  return router;
}
