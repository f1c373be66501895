import { compileEnsemble } from '../learners/compile-ensemble.ts';
import type { FlatTree, TreeEnsemble } from '../learners/types.ts';
import { floatLiteral, integerLiteral } from './literals.ts';

/** One model feature as the SQL sees it: a number, or a category code (the label's dictionary index). */
export interface FeatureInput {
  readonly sql: string;
  readonly kind: 'numeric' | 'categorical';
}

/** A split condition; TRUE / FALSE when every row goes one way, so the dead branch is dropped. */
type Condition = string | true | false;

interface CategoryRouting {
  /** Codes the in-process predictor can route (training domain plus codes any split names). */
  readonly known: readonly (readonly number[] | null)[];
  /** Per feature: an unknown code follows missingLeft (true) or goes right (false). */
  readonly unknownIsMissing: Uint8Array;
}

function categoryRouting(ensemble: TreeEnsemble): CategoryRouting {
  // Read from the in-process compiler so SQL routes unknown categories exactly as predict.ts does.
  const compiled = compileEnsemble(ensemble);
  const known = compiled.codeIndex.map((index) => {
    if (!index) return null;
    const codes: number[] = [];
    index.forEach((local, code) => {
      if (local >= 0) codes.push(code);
    });
    return codes;
  });
  return { known, unknownIsMissing: compiled.unknownIsMissing };
}

/**
 * `code` is one of `codes`, as an OR of equalities and ranges of consecutive codes. Not IN (...):
 * DuckDB's IN-clause optimizer turns every IN list into a join and took minutes on a boosted model.
 */
export function codeMembership(code: string, codes: readonly number[]): string {
  const sorted = [...new Set(codes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const from = integerLiteral(sorted[i]!);
    const to = integerLiteral(sorted[j]!);
    if (j - i >= 2) parts.push(`(${code} >= ${from} AND ${code} <= ${to})`);
    else for (let k = i; k <= j; k++) parts.push(`${code} = ${integerLiteral(sorted[k]!)}`);
    i = j + 1;
  }
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

/** Mirrors predict.ts: a numeric row goes left when x <= threshold, a missing one when missingLeft. */
function numericCondition(x: string, threshold: number, missingLeft: boolean): Condition {
  if (threshold === Number.POSITIVE_INFINITY) return missingLeft ? true : `${x} IS NOT NULL`;
  // Feature values are finite or NULL, so no present value is <= -Infinity (or NaN).
  if (!(threshold > Number.NEGATIVE_INFINITY)) return missingLeft ? `${x} IS NULL` : false;
  const present = `${x} <= ${floatLiteral(threshold)}`;
  return missingLeft ? `(${present} OR ${x} IS NULL)` : present;
}

/**
 * Mirrors predict.ts on category codes (NULL = a missing label or one outside the dictionary, as
 * RowEncoder gives NaN): a known code goes left when listed; NULL, and when the training domain
 * is stored a code the trees never saw, take the missing branch; other unknown codes go right.
 */
function categoricalCondition(
  code: string,
  leftCodes: readonly number[],
  missingLeft: boolean,
  known: readonly number[],
  unknownIsMissing: boolean,
): Condition {
  const inLeft = leftCodes.length > 0 ? codeMembership(code, leftCodes) : null;
  if (!missingLeft) return inLeft ?? false;
  if (unknownIsMissing) {
    const leftSet = new Set(leftCodes);
    const right = known.filter((c) => !leftSet.has(c));
    if (right.length === 0) return true;
    return `(${code} IS NULL OR NOT ${codeMembership(code, right)})`;
  }
  return inLeft ? `(${code} IS NULL OR ${inLeft})` : `${code} IS NULL`;
}

function treeSql(tree: FlatTree, inputs: readonly FeatureInput[], routing: CategoryRouting): string {
  const node = (i: number): string => {
    const f = tree.feature[i]!;
    if (f < 0) return floatLiteral(tree.value[i]!);
    const input = inputs[f]!;
    const missingLeft = tree.missingLeft[i] === 1;
    const known = routing.known[f];
    const condition =
      input.kind === 'categorical' && known
        ? categoricalCondition(
            input.sql,
            tree.leftCategories[i]!,
            missingLeft,
            known,
            routing.unknownIsMissing[f] === 1,
          )
        : numericCondition(input.sql, tree.threshold[i]!, missingLeft);
    if (condition === true) return node(tree.left[i]!);
    if (condition === false) return node(tree.right[i]!);
    return `CASE WHEN ${condition} THEN ${node(tree.left[i]!)} ELSE ${node(tree.right[i]!)} END`;
  };
  return node(0);
}

/** Each tree's output as one nested CASE expression, in model order. */
export function treeExpressions(ensemble: TreeEnsemble, inputs: readonly FeatureInput[]): string[] {
  if (inputs.length !== ensemble.featureNames.length)
    throw new Error(
      `treeExpressions: ${inputs.length} feature inputs for ${ensemble.featureNames.length} model features`,
    );
  ensemble.categorical.forEach((isCategory, j) => {
    if (isCategory !== (inputs[j]!.kind === 'categorical'))
      throw new Error(`treeExpressions: feature "${ensemble.featureNames[j]}" kind differs from the model's`);
  });
  const routing = categoryRouting(ensemble);
  return ensemble.trees.map((tree) => treeSql(tree, inputs, routing));
}
