import type { CandidateName } from '../eval/blend.ts';
import {
  type CandidateParams,
  DEFAULT_BOOSTING_PARAMS,
  DEFAULT_FOREST_PARAMS,
  DEFAULT_LOGISTIC_PARAMS,
} from '../eval/candidates.ts';
import { trainBoosting, trainForestSync } from '../learners/index.ts';
import type { Dataset } from '../learners/types.ts';
import { trainLogistic } from '../learners-linear/logistic.ts';
import { type FittedLearner, meanEncodedColumns } from './fitted-learner.ts';

export type LearnerChoice = CandidateName | 'auto';

/**
 * Tree shapes for scored models. Every score carries TreeSHAP reasons, whose cost grows with the
 * number of trees and (as 2^depth) with their depth: depth 6 keeps every tree's leaf-pattern table
 * small, and at most 200 boosting rounds at learning rate 0.1 keep a row's explanation affordable.
 * On the demo data this moved holdout ROC-AUC by less than 0.02 either way against the defaults.
 */
export const SCORING_TREE_PARAMS: CandidateParams = {
  boosting: { maxDepth: 6, learningRate: 0.1, maxIter: 200 },
  forest: { maxDepth: 6, minSamplesLeaf: 10 },
};

export function candidateNames(choice: LearnerChoice): CandidateName[] {
  return choice === 'auto' ? ['logistic', 'boosting', 'forest'] : [choice];
}

/** What people call each candidate learner, in progress lines. */
export const CANDIDATE_WORDS: Readonly<Record<CandidateName, string>> = {
  logistic: 'logistic regression',
  boosting: 'gradient boosting',
  forest: 'random forest',
};

/**
 * Trains one candidate with the evaluation defaults (tuned for CRM-sized tables), overridable per
 * learner. `onProgress` hears of each tree (boosting rounds out of the most there can be, forest
 * trees out of all of them); a learner that finishes early still ends at its total.
 */
export function trainCandidate(
  name: CandidateName,
  data: Dataset,
  y: Float64Array,
  seed: number,
  params: CandidateParams = {},
  onProgress?: (done: number, total: number) => void,
): FittedLearner {
  switch (name) {
    case 'forest': {
      const ensemble = trainForestSync(
        data,
        y,
        { ...DEFAULT_FOREST_PARAMS, ...SCORING_TREE_PARAMS.forest, seed, ...params.forest },
        onProgress,
      );
      return { type: 'tree', ensemble };
    }
    case 'boosting': {
      let most = 0;
      let grown = 0;
      const ensemble = trainBoosting(data, y, {
        ...DEFAULT_BOOSTING_PARAMS,
        ...SCORING_TREE_PARAMS.boosting,
        seed,
        ...params.boosting,
        ...(onProgress
          ? {
              onRound: (done: number, max: number) => {
                most = max;
                grown = done;
                onProgress(done, max);
              },
            }
          : {}),
      });
      // Early stopping ends before the most rounds there could be: the work is done all the same.
      if (grown < most) onProgress?.(most, most);
      return { type: 'tree', ensemble };
    }
    case 'logistic': {
      const model = trainLogistic(data, y, { ...DEFAULT_LOGISTIC_PARAMS, ...params.logistic });
      onProgress?.(1, 1);
      return { type: 'logistic', model, meanEncoded: meanEncodedColumns(model, data) };
    }
  }
}
