/**
 * Hyper-parameters of the tree learners, validated with zod at the API boundary. Every field is
 * optional; the documented default applies when it is left out.
 */
import { z } from 'zod';

const positiveInt = z.number().int().min(1);
const depthOrLeaves = z.union([positiveInt, z.literal(Number.POSITIVE_INFINITY)]);

const binningSchema = z.strictObject({
  maxBins: z.number().int().min(2).max(255).optional(),
  maxCategories: positiveInt.optional(),
  minCategoryCount: positiveInt.optional(),
  sampleSize: positiveInt.optional(),
  seed: z.number().int().optional(),
});

const categoricalSplitSchema = z.strictObject({
  maxCategoriesLeft: positiveInt.optional(),
  minRowsPerCategory: z.number().min(0).optional(),
  smoothing: z.number().min(0).optional(),
});

export interface CategoricalSplitParams {
  /** Most categories sent left by one split. Default 64. */
  maxCategoriesLeft?: number;
  /** Categories with fewer rows at a node always go right. Default: forest 1, boosting 10. */
  minRowsPerCategory?: number;
  /** Pseudo-count shrinking category means toward the node mean before ordering. Default: forest 0, boosting 10. */
  smoothing?: number;
}

export interface ForestParams {
  /** Default 'classification' (target 0/1; leaf value = positive fraction). */
  task?: 'classification' | 'regression';
  /** Default 100. */
  nTrees?: number;
  /** Features drawn per split: 'sqrt' | 'log2' | 'all', a fraction in (0, 1) or a count >= 1. Default 'sqrt' (classification), 'all' (regression). */
  maxFeatures?: 'sqrt' | 'log2' | 'all' | number;
  /** Draw a bootstrap sample per tree. Default true. */
  bootstrap?: boolean;
  /** Bootstrap size as a fraction of rows. Default 1. */
  maxSamples?: number;
  /** Default Infinity (grow until pure or minSamples limits). */
  maxDepth?: number;
  /** Default Infinity. */
  maxLeaves?: number;
  /** Minimum bootstrap-weighted rows per leaf. Default 1 (as scikit-learn). */
  minSamplesLeaf?: number;
  /** Default 2. */
  minSamplesSplit?: number;
  /** scikit-learn's min_impurity_decrease (weighted impurity decrease / total rows). Default 0. */
  minImpurityDecrease?: number;
  categoricalSplit?: CategoricalSplitParams;
  binning?: z.input<typeof binningSchema>;
  /** Default 0. */
  seed?: number;
  /** Worker threads used to grow trees (1 = this thread only). The model does not depend on it. Default 1. */
  threads?: number;
}

export const forestParamsSchema = z.strictObject({
  task: z.enum(['classification', 'regression']).default('classification'),
  nTrees: positiveInt.default(100),
  maxFeatures: z.union([z.enum(['sqrt', 'log2', 'all']), z.number().positive()]).optional(),
  bootstrap: z.boolean().default(true),
  maxSamples: z.number().gt(0).max(1).default(1),
  maxDepth: depthOrLeaves.default(Number.POSITIVE_INFINITY),
  maxLeaves: z
    .union([z.number().int().min(2), z.literal(Number.POSITIVE_INFINITY)])
    .default(Number.POSITIVE_INFINITY),
  minSamplesLeaf: positiveInt.default(1),
  minSamplesSplit: z.number().int().min(2).default(2),
  minImpurityDecrease: z.number().min(0).default(0),
  categoricalSplit: categoricalSplitSchema.default({}),
  binning: binningSchema.default({}),
  seed: z.number().int().default(0),
  threads: z.number().int().min(1).max(64).default(1),
}) satisfies z.ZodType<unknown, ForestParams>;

export type ResolvedForestParams = z.output<typeof forestParamsSchema>;

export interface BoostingParams {
  /** 'classification' (binary, logistic loss) or 'regression' (squared error). Default 'classification'. */
  task?: 'classification' | 'regression';
  /** Shrinkage per tree. Default 0.1. */
  learningRate?: number;
  /** Boosting iterations (trees). Default 100. */
  maxIter?: number;
  /** Leaves per tree, grown best-first. Default 31. */
  maxLeaves?: number;
  /** Default Infinity. */
  maxDepth?: number;
  /** Default 20. */
  minSamplesLeaf?: number;
  /** Minimum hessian sum per leaf. Default 1e-3. */
  minHessianLeaf?: number;
  /** L2 penalty on leaf values. Default 0. */
  l2?: number;
  /** Default 0. */
  minGainToSplit?: number;
  /** Fraction of training rows drawn (without replacement) per iteration. Default 1. */
  subsample?: number;
  /** 'auto' enables it when there are more than 10,000 rows (as scikit-learn). Default 'auto'. */
  earlyStopping?: 'auto' | boolean;
  /** Held-out fraction (stratified for classification) when no validation set is given. Default 0.1. */
  validationFraction?: number;
  /** Stop after this many iterations without a validation-loss improvement larger than tol. Default 10. */
  patience?: number;
  /** Default 1e-7. */
  tol?: number;
  categoricalSplit?: CategoricalSplitParams;
  binning?: z.input<typeof binningSchema>;
  /** Default 0. */
  seed?: number;
}

export const boostingParamsSchema = z.strictObject({
  task: z.enum(['classification', 'regression']).default('classification'),
  learningRate: z.number().gt(0).max(10).default(0.1),
  maxIter: positiveInt.default(100),
  maxLeaves: z.union([z.number().int().min(2), z.literal(Number.POSITIVE_INFINITY)]).default(31),
  maxDepth: depthOrLeaves.default(Number.POSITIVE_INFINITY),
  minSamplesLeaf: positiveInt.default(20),
  minHessianLeaf: z.number().min(0).default(1e-3),
  l2: z.number().min(0).default(0),
  minGainToSplit: z.number().min(0).default(0),
  subsample: z.number().gt(0).max(1).default(1),
  earlyStopping: z.union([z.literal('auto'), z.boolean()]).default('auto'),
  validationFraction: z.number().gt(0).lt(1).default(0.1),
  patience: positiveInt.default(10),
  tol: z.number().min(0).default(1e-7),
  categoricalSplit: categoricalSplitSchema.default({}),
  binning: binningSchema.default({}),
  seed: z.number().int().default(0),
}) satisfies z.ZodType<unknown, BoostingParams>;

export type ResolvedBoostingParams = z.output<typeof boostingParamsSchema>;

export function parseParams<T extends z.ZodType>(schema: T, params: unknown, where: string): z.output<T> {
  const result = schema.safeParse(params ?? {});
  if (!result.success) {
    throw new Error(`${where}: invalid params\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** Number of features drawn per split. */
export function resolveMaxFeatures(
  maxFeatures: 'sqrt' | 'log2' | 'all' | number | undefined,
  task: 'classification' | 'regression',
  nFeatures: number,
): number {
  const spec = maxFeatures ?? (task === 'classification' ? 'sqrt' : 'all');
  let count: number;
  if (spec === 'sqrt') count = Math.floor(Math.sqrt(nFeatures));
  else if (spec === 'log2') count = Math.floor(Math.log2(nFeatures));
  else if (spec === 'all') count = nFeatures;
  else if (spec < 1) count = Math.floor(spec * nFeatures);
  else count = Math.floor(spec);
  return Math.min(nFeatures, Math.max(1, count));
}
