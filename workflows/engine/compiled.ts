import { type CompiledExpression, compileExpression } from '../expr/index.ts';

const compiledByText = new Map<string, CompiledExpression>();

/**
 * Audience and exit expressions come from a few workflow files but are evaluated for every entity
 * and step: parse each text once per process. Compilation is a pure function of the text.
 */
export function compiled(text: string): CompiledExpression {
  let expression = compiledByText.get(text);
  if (expression === undefined) {
    expression = compileExpression(text);
    compiledByText.set(text, expression);
  }
  return expression;
}
