import { z } from 'zod';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import type { ModelRegistry } from '../../scoring/registry/model-registry.ts';

/** The part of a scoring run's summary the gates read (lead and churn runs carry drift). */
const runDriftSchema = z.object({
  drift: z.object({
    rows: z.number(),
    score: z.object({ psi: z.number().nullable(), status: z.enum(['ok', 'warn', 'alert']) }),
    alert: z.number(),
    warn: z.number(),
  }),
});

export interface ScoreDriftReading {
  readonly version: number;
  readonly runAt: string;
  readonly asOf: string;
  readonly rows: number;
  readonly psi: number;
  readonly status: 'ok' | 'warn' | 'alert';
  readonly featuresAlert: number;
  readonly featuresWarn: number;
}

/** What the gates need to know about one model: which version is promoted, what the scores came from, drift. */
export interface ModelHealth {
  readonly model: string;
  readonly promotedVersion: number | null;
  /** Current scores in the store. */
  readonly scores: number;
  /** Current scores computed by a version other than the promoted one, per version. */
  readonly unpromoted: ReadonlyArray<{ readonly version: string; readonly count: number }>;
  /** Score drift of the promoted version's last scoring run; null when it has none (not scored yet, LTV, NBA). */
  readonly drift: ScoreDriftReading | null;
}

export function modelHealth(db: SqlDatabase, registry: ModelRegistry, model: string): ModelHealth {
  const promoted = registry.promoted(model);
  const versions = db
    .prepare(
      'SELECT model_version AS version, COUNT(*) AS n FROM scores WHERE model = ? GROUP BY model_version',
    )
    .all(model) as Array<{ version: string; n: number }>;
  const scores = versions.reduce((sum, row) => sum + Number(row.n), 0);
  const unpromoted = versions
    .filter((row) => promoted === null || row.version !== String(promoted.version))
    .map((row) => ({ version: row.version, count: Number(row.n) }));
  const run = registry.latestRun(model);
  let drift: ScoreDriftReading | null = null;
  if (run && promoted && run.version === promoted.version) {
    const parsed = runDriftSchema.safeParse(run.summary);
    if (parsed.success && parsed.data.drift.score.psi !== null)
      drift = {
        version: run.version,
        runAt: run.runAt,
        asOf: run.asOf,
        rows: parsed.data.drift.rows,
        psi: parsed.data.drift.score.psi,
        status: parsed.data.drift.score.status,
        featuresAlert: parsed.data.drift.alert,
        featuresWarn: parsed.data.drift.warn,
      };
  }
  return { model, promotedVersion: promoted?.version ?? null, scores, unpromoted, drift };
}
