import type { LogisticModel } from '../learners-linear/logistic.ts';
import { floatLiteral, integerLiteral } from './literals.ts';
import type { FeatureInput } from './tree-sql.ts';

/**
 * The terms encoded[k] * weights[k] of a logistic model, in the order encodeRow writes them, so
 * intercept + term0 + term1 + … adds up in the same order as the in-process loop (bit for bit).
 * Categorical inputs are codes, NULL for a missing or unknown label, exactly as RowEncoder gives NaN.
 */
export function logisticTerms(model: LogisticModel, inputs: readonly FeatureInput[]): string[] {
  const { encodings } = model.encoder;
  if (inputs.length !== encodings.length)
    throw new Error(`logisticTerms: ${inputs.length} feature inputs for ${encodings.length} encoded columns`);
  if (model.weights.length !== model.encoder.width)
    throw new Error(
      `logisticTerms: ${model.weights.length} weights for an encoding ${model.encoder.width} wide; retrain the model`,
    );
  const terms: string[] = [];
  let k = 0;
  const times = (encoded: string) => `${encoded} * ${floatLiteral(model.weights[k++]!)}`;
  encodings.forEach((encoding, j) => {
    const input = inputs[j]!;
    const x = input.sql;
    if (input.kind !== encoding.kind)
      throw new Error(`logisticTerms: feature ${model.featureNames[j]} is ${encoding.kind} in the model`);
    if (encoding.kind === 'numeric') {
      const imputed = `COALESCE(${x}, ${floatLiteral(encoding.median)})`;
      terms.push(times(`((${imputed} - ${floatLiteral(encoding.mean)}) / ${floatLiteral(encoding.scale)})`));
    } else {
      for (const level of encoding.levels)
        terms.push(times(`(CASE WHEN ${x} = ${integerLiteral(level)} THEN 1e0 ELSE 0e0 END)`));
    }
    if (encoding.missingIndicator) terms.push(times(`(CASE WHEN ${x} IS NULL THEN 1e0 ELSE 0e0 END)`));
  });
  return terms;
}
