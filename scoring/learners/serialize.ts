/**
 * Versioned JSON for tree ensembles. Numbers are written with JavaScript's shortest round-trip
 * representation, so parse(serialize(m)) predicts exactly like m; non-finite numbers (the
 * +Infinity threshold of a "present vs missing" split) are written as strings.
 */
import { z } from 'zod';
import { NO_CATEGORIES } from './binned-tree.ts';
import type { FlatTree, TreeEnsemble } from './types.ts';

export const ENSEMBLE_FORMAT = 'scorebridge.tree-ensemble';
export const ENSEMBLE_VERSION = 1;

const jsonNumber = z.union([z.number(), z.enum(['Infinity', '-Infinity', 'NaN'])]);
const intArray = z.array(z.number().int());

const treeSchema = z.strictObject({
  feature: intArray,
  threshold: z.array(jsonNumber),
  missingLeft: z.array(z.union([z.literal(0), z.literal(1)])),
  leftCategories: z.array(z.array(z.number().int().min(0))),
  left: intArray,
  right: intArray,
  value: z.array(jsonNumber),
  cover: z.array(jsonNumber),
});

const envelopeSchema = z.object({ format: z.literal(ENSEMBLE_FORMAT), version: z.number().int() });

const ensembleSchema = z.strictObject({
  format: z.literal(ENSEMBLE_FORMAT),
  version: z.literal(ENSEMBLE_VERSION),
  kind: z.enum(['forest', 'boosting']),
  task: z.enum(['classification', 'regression']),
  link: z.enum(['identity', 'logit']),
  baseScore: jsonNumber,
  scale: jsonNumber,
  featureNames: z.array(z.string()),
  categorical: z.array(z.boolean()),
  categoryDomains: z.array(z.array(z.number().int().min(0)).nullable()).optional(),
  trees: z.array(treeSchema),
});

type JsonNumber = z.infer<typeof jsonNumber>;

function encodeNumber(x: number): JsonNumber {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

function decodeNumber(x: JsonNumber): number {
  return typeof x === 'number' ? x : Number(x);
}

export function serializeEnsemble(model: TreeEnsemble): string {
  const trees = model.trees.map((t) => ({
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold, encodeNumber),
    missingLeft: Array.from(t.missingLeft),
    leftCategories: t.leftCategories.map((codes) => [...codes]),
    left: Array.from(t.left),
    right: Array.from(t.right),
    value: Array.from(t.value, encodeNumber),
    cover: Array.from(t.cover, encodeNumber),
  }));
  const doc = {
    format: ENSEMBLE_FORMAT,
    version: ENSEMBLE_VERSION,
    kind: model.kind,
    task: model.task,
    link: model.link,
    baseScore: encodeNumber(model.baseScore),
    scale: encodeNumber(model.scale),
    featureNames: model.featureNames,
    categorical: model.categorical,
    ...(model.categoryDomains ? { categoryDomains: model.categoryDomains } : {}),
    trees,
  };
  try {
    return JSON.stringify(doc);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const nodes = model.trees.reduce((sum, t) => sum + t.feature.length, 0);
    throw new Error(
      `serializeEnsemble: ${nodes.toLocaleString('en-US')} nodes do not fit in one JSON string (${error.message}); grow smaller trees (minSamplesLeaf, maxLeaves or maxDepth) or fewer of them`,
    );
  }
}

/** Parses and validates a serialized ensemble; `source` names the file or field in error messages. */
export function parseEnsemble(json: string, source = 'model JSON'): TreeEnsemble {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
  }
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw new Error(`${source}: not a ${ENSEMBLE_FORMAT} document (expected "format": "${ENSEMBLE_FORMAT}")`);
  }
  if (envelope.data.version !== ENSEMBLE_VERSION) {
    throw new Error(
      `${source}: ${ENSEMBLE_FORMAT} version ${envelope.data.version} is not supported; this build reads version ${ENSEMBLE_VERSION}. Re-train the model or upgrade scorebridge.`,
    );
  }
  const parsed = ensembleSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${source}: invalid tree ensemble\n${z.prettifyError(parsed.error)}`);
  const doc = parsed.data;
  const nFeatures = doc.featureNames.length;
  if (doc.categorical.length !== nFeatures) {
    throw new Error(`${source}: categorical has ${doc.categorical.length} entries for ${nFeatures} features`);
  }
  if (doc.categoryDomains && doc.categoryDomains.length !== nFeatures) {
    throw new Error(
      `${source}: categoryDomains has ${doc.categoryDomains.length} entries for ${nFeatures} features`,
    );
  }
  const trees = doc.trees.map((t, k) => toTree(t, nFeatures, doc.categorical, `${source}: trees[${k}]`));
  return {
    kind: doc.kind,
    task: doc.task,
    link: doc.link,
    baseScore: decodeNumber(doc.baseScore),
    scale: decodeNumber(doc.scale),
    trees,
    featureNames: doc.featureNames,
    categorical: doc.categorical,
    ...(doc.categoryDomains ? { categoryDomains: doc.categoryDomains } : {}),
  };
}

function toTree(
  t: z.infer<typeof treeSchema>,
  nFeatures: number,
  categorical: readonly boolean[],
  where: string,
): FlatTree {
  const n = t.feature.length;
  for (const key of [
    'threshold',
    'missingLeft',
    'leftCategories',
    'left',
    'right',
    'value',
    'cover',
  ] as const) {
    if (t[key].length !== n)
      throw new Error(`${where}.${key} has ${t[key].length} entries; feature has ${n}`);
  }
  if (n === 0) throw new Error(`${where} has no nodes`);
  for (let i = 0; i < n; i++) {
    const f = t.feature[i]!;
    if (f < -1 || f >= nFeatures)
      throw new Error(`${where}.feature[${i}] = ${f} is not a feature index or -1`);
    if (f === -1) continue;
    // Children after their parent guarantees every walk ends at a leaf.
    for (const side of ['left', 'right'] as const) {
      const child = t[side][i]!;
      if (child <= i || child >= n)
        throw new Error(`${where}.${side}[${i}] = ${child} must be a node after ${i}`);
    }
    if (t.leftCategories[i]!.length > 0 && !categorical[f]) {
      throw new Error(`${where}.leftCategories[${i}] is set but feature ${f} is numeric`);
    }
  }
  return {
    feature: Int32Array.from(t.feature),
    threshold: Float64Array.from(t.threshold, decodeNumber),
    missingLeft: Uint8Array.from(t.missingLeft),
    leftCategories: t.leftCategories.map((codes) => (codes.length === 0 ? NO_CATEGORIES : codes)),
    left: Int32Array.from(t.left),
    right: Int32Array.from(t.right),
    value: Float64Array.from(t.value, decodeNumber),
    cover: Float64Array.from(t.cover, decodeNumber),
  };
}
