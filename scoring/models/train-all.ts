import type { EntityType } from '../../core/schema/index.ts';
import { type FeatureAdditions, featureSetFor } from '../features/feature-set.ts';
import type { FeatureEngine } from '../features/rows/feature-engine.ts';
import type { ModelRegistry } from '../registry/model-registry.ts';
import type { PromotionDecision } from '../registry/promotion.ts';
import type { ProgressCallback } from './binary-options.ts';
import { binaryProbe, type ModelSpec, promotedBinary, trainingOrder } from './model-specs.ts';
import { trainAndRegisterBinary } from './register-binary.ts';
import { trainAndRegisterLtv } from './register-ltv.ts';
import { trainAndRegisterNba } from './register-nba.ts';

export interface TrainAllOptions {
  readonly asOf: string | Date;
  readonly specs: readonly ModelSpec[];
  /** Only these kinds (default: every enabled spec). */
  readonly kinds?: readonly ModelSpec['kind'][];
  /** Tier bands stored with lead/churn models. */
  readonly bands?: readonly { name: string; min: number; max: number }[];
  readonly seed?: number;
  /** Features added to the built-in catalog (the config's scoring.features), by entity type. */
  readonly features?: Partial<Record<EntityType, FeatureAdditions>>;
  readonly onProgress?: ProgressCallback;
}

export interface TrainedSpec {
  readonly spec: ModelSpec;
  readonly version: number;
  readonly status: string;
  readonly decision: PromotionDecision;
  /** One line for people: the headline metric. */
  readonly summary: string;
}

const f3 = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(3);

/**
 * Trains every enabled model in dependency order and registers each (promoted or rejected against
 * its champion). Later models use the models promoted before them in the same run.
 */
export async function trainAll(
  fe: FeatureEngine,
  registry: ModelRegistry,
  options: TrainAllOptions,
): Promise<TrainedSpec[]> {
  const out: TrainedSpec[] = [];
  for (const spec of trainingOrder(options.specs)) {
    if (options.kinds && !options.kinds.includes(spec.kind)) continue;
    const common = {
      name: spec.name,
      asOf: options.asOf,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    };
    if (spec.kind === 'lead' || spec.kind === 'churn') {
      const result = await trainAndRegisterBinary(fe, registry, {
        featureSet: featureSetFor(
          spec.kind === 'lead' ? 'contact' : 'account',
          options.features?.[spec.kind === 'lead' ? 'contact' : 'account'],
        ),
        ...common,
        kind: spec.kind,
        horizonDays: spec.horizonDays,
        ...(spec.learner ? { learner: spec.learner } : {}),
        ...(options.bands ? { bands: [...options.bands] } : {}),
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      });
      const m = result.trained.metrics;
      out.push({
        spec,
        version: result.record.version,
        status: result.record.status,
        decision: result.decision,
        summary: `${m.chosen} + ${m.calibration} calibration; holdout ROC-AUC ${f3(m.holdout.rocAuc)}, PR-AUC ${f3(m.holdout.prAuc)}, log loss ${f3(m.holdout.logLoss)} on ${m.holdout.rows} rows (${m.holdout.positives} positive)`,
      });
    } else if (spec.kind === 'ltv') {
      const result = await trainAndRegisterLtv(fe, registry, {
        ...common,
        horizonDays: spec.horizonDays,
        churn: promotedBinary(registry, options.specs, 'churn'),
      });
      const m = result.trained.metrics;
      out.push({
        spec,
        version: result.record.version,
        status: result.record.status,
        decision: result.decision,
        summary: `${m.rows} accounts (${m.byMethod.subscription} subscription, ${m.byMethod.btyd} BG/NBD); ${m.evaluationDays}-day holdout MAE ${f3(m.mae)}, Spearman ${f3(m.spearman)}, top-10% revenue share ${f3(m.topDecileShare)}`,
      });
    } else {
      const baseArtifact = promotedBinary(
        registry,
        options.specs,
        spec.entity === 'account' ? 'churn' : 'lead',
      );
      const result = await trainAndRegisterNba(fe, registry, {
        featureSet: featureSetFor(spec.entity, options.features?.[spec.entity]),
        ...common,
        entityType: spec.entity,
        horizonDays: spec.horizonDays,
        ...(spec.actions === undefined ? {} : { actions: spec.actions }),
        base: baseArtifact ? binaryProbe(baseArtifact) : null,
      });
      const policy = result.trained.artifact.policy;
      out.push({
        spec,
        version: result.record.version,
        status: result.record.status,
        decision: result.decision,
        summary: `${policy.type}${policy.type === 'single' ? ` (${policy.actionId})` : ''} policy; ${result.trained.artifact.gate.reason}`,
      });
    }
  }
  return out;
}
