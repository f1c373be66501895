import { z } from 'zod';
import type { EntityType } from '../../core/schema/index.ts';
import type { CategoryDictionary } from '../features/dictionary.ts';
import { categoryDictionarySchema } from '../features/dictionary.ts';
import {
  builtinFeatureSet,
  type FeatureSet,
  type FeatureSpec,
  featureSetOf,
  featureSpecSchema,
} from '../features/feature-set.ts';
import type { Predictor } from '../learners/types.ts';
import { type LogisticModel, logisticPredictor } from '../learners-linear/logistic.ts';
import {
  isEligible,
  type NbaActionConfig,
  type NbaContext,
  nbaCatalogSchema,
  ruleChoice,
} from './nba-catalog.ts';

/** The shipped policy: priority rules (no usable log), one action the gate preferred, or the learned T-learner. */
export type NbaPolicySpec =
  | { readonly type: 'rules' }
  | { readonly type: 'single'; readonly actionId: string }
  | {
      readonly type: 'learned';
      readonly featureNames: readonly string[];
      readonly categorical: readonly boolean[];
      readonly dictionary: CategoryDictionary;
      readonly models: Readonly<Record<string, LogisticModel>>;
    };

export interface NbaArtifact {
  readonly kind: 'nba';
  readonly entityType: EntityType;
  readonly horizonDays: number;
  /** The features rules and policies read (absent: the built-in catalog of the entity type). */
  readonly featureSet?: string;
  readonly featureSpec?: FeatureSpec;
  readonly catalog: readonly NbaActionConfig[];
  readonly policy: NbaPolicySpec;
  /** The ship gate's verdict, or why it could not run. */
  readonly gate: {
    readonly ran: boolean;
    readonly reason: string;
    readonly learnedIps?: number;
    readonly bestSingleIps?: number;
  };
}

export const NBA_MODEL_FORMAT = 'scorebridge.nba-policy';

const policySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('rules') }),
  z.object({ type: z.literal('single'), actionId: z.string() }),
  z.object({
    type: z.literal('learned'),
    featureNames: z.array(z.string()),
    categorical: z.array(z.boolean()),
    dictionary: categoryDictionarySchema,
    models: z.record(z.string(), z.looseObject({ kind: z.literal('logistic') })),
  }),
]);

const artifactSchema = z.object({
  format: z.literal(NBA_MODEL_FORMAT),
  version: z.literal(1),
  kind: z.literal('nba'),
  entityType: z.enum(['contact', 'account']),
  horizonDays: z.number().int().positive(),
  featureSet: z.string().optional(),
  featureSpec: featureSpecSchema.optional(),
  catalog: nbaCatalogSchema,
  policy: policySchema,
  gate: z.object({
    ran: z.boolean(),
    reason: z.string(),
    learnedIps: z.number().optional(),
    bestSingleIps: z.number().optional(),
  }),
});

export function nbaArtifactToJson(artifact: NbaArtifact): unknown {
  return { format: NBA_MODEL_FORMAT, version: 1, ...artifact };
}

export function parseNbaArtifact(json: unknown, where: string): NbaArtifact {
  const parsed = artifactSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`${where}: not a ${NBA_MODEL_FORMAT} v1 artifact\n${z.prettifyError(parsed.error)}`);
  const { format: _f, version: _v, ...rest } = parsed.data;
  return rest as unknown as NbaArtifact;
}

/** Encodes an NBA context for the learned outcome models (categories by the stored dictionary). */
export function contextRow(
  context: NbaContext,
  featureNames: readonly string[],
  dictionary: CategoryDictionary,
): Float64Array {
  return Float64Array.from(featureNames, (name) => {
    const value = context.values[name];
    if (typeof value === 'number') return value;
    if (typeof value === 'string') {
      const code = dictionary[name]?.indexOf(value) ?? -1;
      return code >= 0 ? code : Number.NaN;
    }
    return Number.NaN;
  });
}

export interface NbaChoice {
  readonly action: NbaActionConfig;
  /** Predicted outcome of the action (learned policy only). */
  readonly expectedOutcome: number | null;
}

/** Chooses actions with a stored policy; the same code serves batch scoring and the ship gate's re-checks. */
export class NbaPolicy {
  readonly artifact: NbaArtifact;
  readonly #predictors: Map<string, Predictor>;

  constructor(artifact: NbaArtifact) {
    this.artifact = artifact;
    const { policy } = artifact;
    this.#predictors = new Map(
      policy.type === 'learned'
        ? Object.entries(policy.models).map(([id, model]) => [id, logisticPredictor(model)] as const)
        : [],
    );
  }

  choose(context: NbaContext): NbaChoice {
    const { catalog, policy } = this.artifact;
    if (policy.type === 'rules') return { action: ruleChoice(catalog, context), expectedOutcome: null };
    if (policy.type === 'single') {
      const preferred = catalog.find((a) => a.id === policy.actionId);
      if (preferred && isEligible(preferred, context)) return { action: preferred, expectedOutcome: null };
      const fallback = catalog.find((a) => isEligible(a, context));
      if (!fallback) throw new Error('no action in the catalog is eligible; add one without conditions');
      return { action: fallback, expectedOutcome: null };
    }
    const row = contextRow(context, policy.featureNames, policy.dictionary);
    let best: NbaChoice | null = null;
    let bestNet = Number.NEGATIVE_INFINITY;
    for (const action of catalog) {
      if (!isEligible(action, context)) continue;
      const outcome = this.#predictors.get(action.id)?.predictRow(row) ?? 0;
      if (outcome - action.cost > bestNet) {
        bestNet = outcome - action.cost;
        best = { action, expectedOutcome: outcome };
      }
    }
    if (!best) throw new Error('no action in the catalog is eligible; add one without conditions');
    return best;
  }
}

/** The feature set an NBA policy reads: the one it was trained with, else the built-in catalog. */
export function nbaFeatureSet(artifact: NbaArtifact): FeatureSet {
  return artifact.featureSet
    ? featureSetOf({
        featureSet: artifact.featureSet,
        featureSpec: artifact.featureSpec,
        entityType: artifact.entityType,
      })
    : builtinFeatureSet(artifact.entityType);
}
