/**
 * The models of one scoring pass: each scores the pass's feature batches its own way (binary, LTV, NBA).
 */
import type { EntityType, Score, Tier } from '../../core/schema/index.ts';
import { type FeatureSet, featureNames } from '../features/feature-set.ts';
import { type FeatureBatch, projectTable } from '../features/rows/feature-engine.ts';
import {
  type BinaryModelArtifact,
  parseBinaryArtifact,
  type parseTierBands,
} from '../models/binary-artifact.ts';
import type { ProgressCallback } from '../models/binary-options.ts';
import { ltvAnswerOf, nbaAnswer } from '../models/entity-answers.ts';
import { parseLtvArtifact } from '../models/ltv-artifact.ts';
import { isLtvMember, ltvFactsOfBatch } from '../models/ltv-facts.ts';
import type { LtvArtifact } from '../models/ltv-trainer.ts';
import type { ModelSpec } from '../models/model-specs.ts';
import { baseProbabilityKey } from '../models/nba-log.ts';
import { type NbaArtifact, NbaPolicy, parseNbaArtifact } from '../models/nba-policy.ts';
import type { ModelRegistry } from '../registry/model-registry.ts';
import { tierWords } from '../tiers/index.ts';
import type { LtvScoreResult, ModelRef, NbaScoreResult } from './batch-types.ts';
import { BinaryBatchScorer } from './binary-batch.ts';
import { ExplainPool } from './explain-pool.ts';
import type { PassTiers } from './pass-tiers.ts';

/** What one pass needs to know of its whole run. */
export interface PassOptions {
  readonly entityType: EntityType;
  readonly models: readonly Ready[];
  readonly base: { readonly lead: BinaryModelArtifact | null; readonly churn: BinaryModelArtifact | null };
  readonly cutoffMs: number;
  readonly computedAt: string;
  readonly bands: ReturnType<typeof parseTierBands>;
  /** Tiers of each model, in the order of `models`. */
  readonly tiers: readonly PassTiers[];
  readonly only: string | undefined;
  readonly onProgress: ProgressCallback | undefined;
  readonly reasonThreads: number | undefined;
}

export interface Ready {
  readonly spec: ModelSpec;
  readonly version: number;
  readonly set: FeatureSet;
}

export function indices(n: number, keep: (i: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) out.push(i);
  return Int32Array.from(out);
}

export interface PassModel {
  readonly ready: Ready;
  /** Scores one batch; its scores are saved with the others of the batch. */
  score(batch: FeatureBatch, context: PassContext): Score[] | Promise<Score[]>;
  /** Worker threads it holds, if any. */
  close?(): Promise<void>;
  /** Registry summary and the line people read, given the run's final tier counts. */
  finish(tiers: Readonly<Record<Tier, number>>): { scored: number; summary: object; text: string };
  readonly started: number;
}

export interface PassContext {
  /** Base probabilities by kind for every row of the batch (NaN outside that population). */
  readonly base: Map<'lead' | 'churn', Float64Array>;
  /** Rows of the batch in the churn population (accounts). */
  readonly inChurn: Float64Array | null;
  readonly cutoffMs: number;
}

export function passModel(
  registry: ModelRegistry,
  ready: Ready,
  columns: readonly number[],
  options: PassOptions,
  baseArtifact: BinaryModelArtifact | null,
  threads: number,
): PassModel {
  const record = registry.promoted(ready.spec.name)!;
  const where = `model ${record.name} v${record.version}`;
  const ref = { name: ready.spec.name, version: String(record.version) };
  const started = performance.now();
  if (ready.spec.kind === 'lead' || ready.spec.kind === 'churn') {
    const scorer = new BinaryBatchScorer(
      { ...ref, artifact: parseBinaryArtifact(record.artifact, where) },
      columns,
      options.computedAt,
    );
    // Worker threads only pay for themselves on a big population; the caller decides.
    const pool = threads > 1 ? new ExplainPool(record.artifact, threads) : undefined;
    return {
      ready,
      started,
      score: async (batch, context) => {
        const rows = context.inChurn ? indices(batch.rowCount, (i) => context.inChurn![i] === 1) : undefined;
        return (await scorer.score(batch, rows, pool)).scores;
      },
      close: async () => pool?.close(),
      finish: (tiers) => {
        const result = scorer.result();
        const drift = result.drift;
        return {
          scored: result.scored,
          summary: { ...result, tiers },
          text: `${tierWords(tiers)}; score drift PSI ${drift.score.psi.toFixed(3)} (${drift.score.status}); ${drift.alert} features alert, ${drift.warn} warn`,
        };
      },
    };
  }
  if (ready.spec.kind === 'ltv')
    return ltvModel(
      ready,
      { ...ref, artifact: parseLtvArtifact(record.artifact, where) },
      columns,
      options,
      started,
      baseArtifact,
    );
  return nbaModel(
    ready,
    { ...ref, artifact: parseNbaArtifact(record.artifact, where) },
    columns,
    options,
    started,
  );
}

export function ltvModel(
  ready: Ready,
  model: ModelRef<LtvArtifact>,
  columns: readonly number[],
  options: PassOptions,
  started: number,
  churn: BinaryModelArtifact | null,
): PassModel {
  const histogram = new Array<number>(10).fill(0);
  let scored = 0;
  let totalAmount = 0;
  return {
    ready,
    started,
    score: (batch, context) => {
      const churnProbability = context.base.get('churn');
      const facts = ltvFactsOfBatch(
        batch,
        () => context.cutoffMs,
        columns[0]!,
        (i) => (churn && churnProbability ? churnProbability[i]! : Number.NaN),
      );
      const scores: Score[] = [];
      facts.forEach((row, i) => {
        if (!isLtvMember(context.inChurn?.[i] === 1, row, Number.NaN, context.cutoffMs)) return;
        const answer = ltvAnswerOf(row, model.artifact, options.bands);
        const tier = answer.tier as Tier;
        histogram[Math.min(9, Math.floor(answer.value / 10))]! += 1;
        scored += 1;
        totalAmount += answer.amount ?? 0;
        scores.push({
          entityType: 'account',
          entityId: row.accountId,
          model: model.name,
          kind: 'ltv',
          modelVersion: model.version,
          probability: null,
          value: answer.value,
          tier,
          reasons: answer.reasons,
          amount: answer.amount ?? 0,
          action: null,
          computedAt: options.computedAt,
        });
      });
      return scores;
    },
    finish: (tiers) => {
      const summary: LtvScoreResult = { model: model.name, scored, tiers, histogram, totalAmount };
      return {
        scored,
        summary,
        text: `expected revenue $${Math.round(totalAmount).toLocaleString('en-US')} in total; ${tierWords(tiers)}`,
      };
    },
  };
}

export function nbaModel(
  ready: Ready,
  model: ModelRef<NbaArtifact>,
  columns: readonly number[],
  options: PassOptions,
  started: number,
): PassModel {
  const policy = new NbaPolicy(model.artifact);
  const { entityType } = model.artifact;
  const names = featureNames(ready.set);
  const key = baseProbabilityKey(entityType);
  const actions: Record<string, number> = {};
  let scored = 0;
  return {
    ready,
    started,
    score: (batch, context) => {
      const table = projectTable(batch.table, columns, names);
      const probability = context.base.get(entityType === 'account' ? 'churn' : 'lead');
      const scores: Score[] = [];
      for (let i = 0; i < batch.rowCount; i++) {
        if (context.inChurn && context.inChurn[i] !== 1) continue;
        const values = table.numbers.map((column, j) => (column ? column[i]! : table.texts[j]![i]!));
        const answer = nbaAnswer(
          values,
          names,
          policy,
          model.artifact,
          { key, probability: probability?.[i] ?? Number.NaN },
          options.bands,
        );
        const action = answer.action ?? '';
        actions[action] = (actions[action] ?? 0) + 1;
        scored += 1;
        scores.push({
          entityType,
          entityId: batch.entityIds[i]!,
          model: model.name,
          kind: 'nba',
          modelVersion: model.version,
          probability: null,
          value: answer.value,
          tier: answer.tier as Tier,
          reasons: answer.reasons,
          amount: null,
          action: answer.action,
          computedAt: options.computedAt,
        });
      }
      return scores;
    },
    finish: (tiers) => {
      const summary: NbaScoreResult = { model: model.name, scored, actions, tiers };
      const words = Object.entries(actions)
        .sort((a, b) => b[1] - a[1])
        .map(([action, n]) => `${n.toLocaleString('en-US')} ${action.replaceAll('_', ' ')}`)
        .join(', ');
      return { scored, summary, text: `next actions: ${words}` };
    },
  };
}
