import type { Reason, Tier } from '../../../core/schema/index.ts';
import type { FeatureEvaluator, SharedMeasures } from '../../../scoring/features/evaluate/evaluate.ts';
import type { RawFeatureValues } from '../../../scoring/features/raw-table.ts';
import type { EntitySnapshot } from '../../../scoring/features/snapshot.ts';
import { populationFor } from '../../../scoring/labels/populations.ts';
import { rawRowRecord } from '../../../scoring/models/binary-scorer.ts';
import { ltvAnswer, nbaAnswer } from '../../../scoring/models/entity-answers.ts';
import { baseProbabilityKey } from '../../../scoring/models/nba-log.ts';
import { rankKeyOf } from '../../../scoring/tiers/index.ts';
import type { PromotedSet, ReadyBinary, ReadyLtv, ReadyModel, ReadyNba } from './promoted-models.ts';

/** One model's answer for one entity, as batch scoring would save it. */
export interface EntityScore {
  readonly model: string;
  readonly kind: 'lead' | 'churn' | 'ltv' | 'nba';
  readonly version: string;
  readonly probability: number | null;
  readonly value: number;
  readonly tier: Tier;
  readonly reasons: readonly Reason[];
  readonly amount: number | null;
  readonly action: string | null;
}

export interface SkippedModel {
  readonly model: string;
  readonly reason: string;
}

export interface SnapshotScores {
  readonly scores: EntityScore[];
  readonly skipped: SkippedModel[];
}

const _money = (amount: number) => `$${Math.round(amount).toLocaleString('en-US')}`;

/** The tier batch scoring would give: the model's rule, with its latest run's cut points. */
function tierOf(
  model: ReadyModel,
  answer: { probability: number | null; amount?: number | null; value: number },
  id: string,
): Tier {
  return model.tiers.tierOf({ value: answer.value, key: rankKeyOf(answer), id });
}

function scoreBinary(model: ReadyBinary, values: RawFeatureValues, id: string): EntityScore {
  const explained = model.scorer.explain(model.encode(values), rawRowRecord(model.names, values), 3);
  return {
    model: model.name,
    kind: model.kind,
    version: model.version,
    probability: explained.probability,
    value: explained.value,
    tier: tierOf(model, explained, id),
    reasons: explained.reasons,
    amount: null,
    action: null,
  };
}

function scoreLtv(
  model: ReadyLtv,
  snapshot: EntitySnapshot & { entityType: 'account' },
  cutoffMs: number,
): EntityScore | null {
  const answer = ltvAnswer(snapshot, cutoffMs, model.artifact, model.churn, model.bands);
  return (
    answer && {
      model: model.name,
      kind: 'ltv',
      version: model.version,
      probability: null,
      ...answer,
      tier: tierOf(model, { ...answer, probability: null }, snapshot.id),
    }
  );
}

function scoreNba(
  model: ReadyNba,
  values: RawFeatureValues,
  baseValues: RawFeatureValues | null,
  id: string,
): EntityScore {
  const probability = model.base && baseValues ? model.base.probe(baseValues) : Number.NaN;
  const base = { key: baseProbabilityKey(model.entityType), probability };
  const answer = nbaAnswer(values, model.names, model.policy, model.artifact, base, model.bands);
  return {
    model: model.name,
    kind: 'nba',
    version: model.version,
    probability: null,
    ...answer,
    tier: tierOf(model, { ...answer, probability: null }, id),
  };
}

/**
 * Every promoted model that applies to the snapshot's entity type, scored as of `cutoffMs` by the
 * code batch scoring uses (same views, features, populations, scorers and reason texts). Models whose
 * population the entity is not in at the cutoff are listed in `skipped` with the reason.
 */
export function scoreSnapshot(
  promoted: PromotedSet,
  snapshot: EntitySnapshot,
  cutoffMs: number,
  shared?: ReadonlyMap<FeatureEvaluator, SharedMeasures>,
): SnapshotScores {
  // Measures a caller already holds (an account bundle) are those the evaluator would compute.
  const featureRows = new Map<FeatureEvaluator, RawFeatureValues>();
  const featuresOf = (evaluator: FeatureEvaluator) => {
    let values = featureRows.get(evaluator);
    if (!values) {
      values = evaluator.values(snapshot, cutoffMs, shared?.get(evaluator));
      featureRows.set(evaluator, values);
    }
    return values;
  };
  const scores: EntityScore[] = [];
  const skipped: SkippedModel[] = [];
  for (const model of promoted.models) {
    if (model.entityType !== snapshot.entityType) continue;
    if (model.kind === 'ltv') {
      const scored = snapshot.entityType === 'account' ? scoreLtv(model, snapshot, cutoffMs) : null;
      if (scored) scores.push(scored);
      else
        skipped.push({
          model: model.name,
          reason: 'not a paying or purchasing account at the as-of instant',
        });
      continue;
    }
    const population =
      model.kind === 'nba' ? (model.entityType === 'account' ? 'churn' : 'lead') : model.kind;
    if (!populationFor(population)(snapshot, cutoffMs)) {
      skipped.push({
        model: model.name,
        reason:
          population === 'churn'
            ? 'not a paying customer account at the as-of instant'
            : 'not an open lead at the as-of instant (already a customer, or created later)',
      });
      continue;
    }
    const values = featuresOf(model.evaluator);
    const id = snapshot.id;
    scores.push(
      model.kind === 'nba'
        ? scoreNba(model, values, model.base ? featuresOf(model.base.evaluator) : null, id)
        : scoreBinary(model, values, id),
    );
  }
  for (const spec of promoted.missing)
    if (spec.entity === snapshot.entityType)
      skipped.push({ model: spec.name, reason: 'no promoted version: run `scorebridge train` first' });
  return { scores, skipped };
}
