/**
 * Contract shared by every learner, explainer and evaluator in `scoring/`.
 *
 * Data is column-major typed arrays so that binning, histogram building and
 * prediction never allocate per row. Missing values are NaN. Categorical
 * features hold non-negative integer codes (NaN = missing) and are flagged in
 * `categorical`; the learner decides how to split them.
 */
export interface Dataset {
  readonly nRows: number;
  readonly featureNames: readonly string[];
  /** One Float64Array per feature, each of length nRows. */
  readonly columns: readonly Float64Array[];
  /** categorical[j] is true when column j holds integer category codes. */
  readonly categorical: readonly boolean[];
  /** Optional category labels per feature, index = code (for reasons and reports). */
  readonly categoryLabels?: readonly (readonly string[] | undefined)[];
}

/**
 * One fitted tree in flat arrays (struct-of-arrays), the format TreeSHAP,
 * SQL compilation and serialization all read.
 *
 * Node i is a leaf when feature[i] === -1. Otherwise a row goes left when
 * - numeric split: x <= threshold[i]
 * - categorical split: x is in leftCategories[i]
 * and a missing x (NaN, or a category never seen in training) goes left when missingLeft[i] === 1.
 * value[i] is the node's prediction (leaf output; for inner nodes the weighted mean
 * of its subtree), cover[i] the training weight (row count or hessian sum) that reached it.
 */
export interface FlatTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly missingLeft: Uint8Array;
  /** For categorical splits: sorted category codes that go left; empty for numeric splits. */
  readonly leftCategories: readonly (readonly number[])[];
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly cover: Float64Array;
}

/**
 * A fitted additive tree model: output(x) = baseScore + sum over trees of scale * leafValue(tree, x).
 * - Random forest classifier: baseScore 0, scale 1/nTrees, leaf value = positive fraction, link 'identity'.
 * - Gradient boosting classifier: baseScore = initial log-odds, scale = learning rate, link 'logit'
 *   (probability = sigmoid(output)).
 * - Gradient boosting regressor: link 'identity'.
 * TreeSHAP attributions therefore sum to `output(x)` (the margin), and the SQL compiler emits
 * the same expression.
 */
export interface TreeEnsemble {
  readonly kind: 'forest' | 'boosting';
  readonly task: 'classification' | 'regression';
  readonly link: 'identity' | 'logit';
  readonly baseScore: number;
  readonly scale: number;
  readonly trees: readonly FlatTree[];
  readonly featureNames: readonly string[];
  readonly categorical: readonly boolean[];
  /**
   * Added for the tree learners: per feature, the sorted category codes seen in training (null for
   * numeric features). A categorical code outside this list counts as missing (it follows
   * missingLeft), as the FlatTree contract requires for "a category never seen in training".
   * When absent, only NaN counts as missing and other codes not in leftCategories go right.
   */
  readonly categoryDomains?: readonly (readonly number[] | null)[];
}

/** Any fitted model the evaluator can score: returns P(y=1) (classification) or a value (regression). */
export interface Predictor {
  /** Predict one row given as a dense vector in featureNames order (NaN = missing). */
  predictRow(row: ArrayLike<number>): number;
  /** Predict every row of a dataset (column-major), fast path for batch scoring. */
  predict(data: Dataset): Float64Array;
}
