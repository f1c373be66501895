/**
 * Uplift by the two-model / T-learner approach (Künzel et al., PNAS 2019): one outcome model
 * per action, trained only on the logged rows that received that action; the uplift of an
 * action is its predicted outcome minus the control action's. The resulting policy plays the
 * eligible action with the highest predicted outcome net of cost.
 */
import type { Dataset, Predictor } from '../learners/types.ts';
import { logisticPredictor, trainLogistic } from '../learners-linear/logistic.ts';
import { eligibleActions, findAction, validateCatalog } from './catalog.ts';
import type { Action, LoggedDecision, Policy } from './types.ts';

export interface FeatureSpec<Ctx> {
  readonly featureNames: readonly string[];
  readonly categorical: readonly boolean[];
  /** Dense feature row in featureNames order (NaN = missing, categorical = integer code). */
  readonly toRow: (context: Ctx) => ArrayLike<number>;
}

/** Fits an outcome model on one action's rows; binary outcomes need a classifier returning P(y=1). */
export type OutcomeTrainer = (data: Dataset, outcome: Float64Array) => Predictor;

/** L2 logistic regression (C = 1 as in the sklearn baseline) from scoring/learners-linear. */
export const logisticOutcomeTrainer: OutcomeTrainer = (data, outcome) =>
  logisticPredictor(trainLogistic(data, outcome, { l2: 1 }));

export interface TLearnerOptions<Ctx> {
  readonly catalog: readonly Action<Ctx>[];
  readonly controlActionId: string;
  readonly features: FeatureSpec<Ctx>;
  readonly trainer?: OutcomeTrainer;
  /** Refuse to fit an action model on fewer logged rows than this. Default 30. */
  readonly minRowsPerAction?: number;
}

export interface UpliftModel<Ctx> {
  readonly actionIds: readonly string[];
  readonly controlActionId: string;
  /** Predicted outcome for every catalog action. */
  predictOutcomes(context: Ctx): Record<string, number>;
  /** Predicted outcome minus the control's, for every action (0 for the control). */
  uplift(context: Ctx): Record<string, number>;
  /** Eligible action with the highest predicted outcome − cost. */
  readonly policy: Policy<Ctx>;
}

export function fitTLearner<Ctx>(
  log: readonly LoggedDecision<Ctx>[],
  options: TLearnerOptions<Ctx>,
): UpliftModel<Ctx> {
  const { catalog, controlActionId, features } = options;
  validateCatalog(catalog);
  findAction(catalog, controlActionId);
  if (features.featureNames.length !== features.categorical.length) {
    throw new Error('fitTLearner: features.featureNames and features.categorical must have the same length');
  }
  const trainer = options.trainer ?? logisticOutcomeTrainer;
  const minRows = options.minRowsPerAction ?? 30;
  const models = new Map<string, Predictor>();
  for (const action of catalog) {
    const rows = log.filter((row) => row.action === action.id);
    if (rows.length < minRows) {
      throw new Error(
        `fitTLearner: action "${action.id}" has ${rows.length} logged rows, fewer than ${minRows}; ` +
          'log more randomised decisions for it or remove it from the catalog',
      );
    }
    const data = toDataset(rows, features);
    models.set(
      action.id,
      trainer(
        data,
        Float64Array.from(rows, (row) => row.reward),
      ),
    );
  }
  const predictOutcomes = (context: Ctx): Record<string, number> => {
    const row = features.toRow(context);
    const out: Record<string, number> = {};
    for (const [id, model] of models) out[id] = model.predictRow(row);
    return out;
  };
  return {
    actionIds: catalog.map((a) => a.id),
    controlActionId,
    predictOutcomes,
    uplift(context) {
      const outcomes = predictOutcomes(context);
      const control = outcomes[controlActionId]!;
      return Object.fromEntries(Object.entries(outcomes).map(([id, value]) => [id, value - control]));
    },
    policy(context, index) {
      const candidates = eligibleActions(catalog, context);
      if (candidates.length === 0)
        throw new Error(`context #${index}: no eligible action; add an always-eligible no-op`);
      const outcomes = predictOutcomes(context);
      let best = candidates[0]!;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (const action of candidates) {
        const score = outcomes[action.id]! - (action.cost ?? 0);
        if (score > bestScore) {
          bestScore = score;
          best = action;
        }
      }
      return best.id;
    },
  };
}

function toDataset<Ctx>(rows: readonly LoggedDecision<Ctx>[], features: FeatureSpec<Ctx>): Dataset {
  const width = features.featureNames.length;
  const columns = Array.from({ length: width }, () => new Float64Array(rows.length));
  rows.forEach((row, i) => {
    const values = features.toRow(row.context);
    if (values.length !== width) {
      throw new Error(`fitTLearner: features.toRow returned ${values.length} values, expected ${width}`);
    }
    for (let j = 0; j < width; j++) columns[j]![i] = values[j]!;
  });
  return {
    nRows: rows.length,
    featureNames: features.featureNames,
    columns,
    categorical: features.categorical,
  };
}
