import type { z } from 'zod';
import type { ConfigIssue } from './config-error.ts';
import type { ConfigEnv } from './context.ts';
import { hasEnvReference, interpolateEnv } from './interpolate.ts';
import type { ConfigPath } from './path.ts';
import { isSecretField } from './schema-walk.ts';
import { issueAt, type YamlSource } from './yaml-source.ts';

export interface InterpolatedTree {
  readonly data: unknown;
  readonly issues: readonly ConfigIssue[];
}

/**
 * Expands `${VAR}` in every string of the document except secret fields, which secretRef() resolves
 * itself into a Secret (expanding them here would turn the reference into a plain string). A failed
 * expansion keeps the original text and reports where it was written.
 */
export function interpolateTree(
  source: Pick<YamlSource, 'file' | 'locate'>,
  data: unknown,
  schema: z.core.$ZodType,
  env: ConfigEnv,
): InterpolatedTree {
  const issues: ConfigIssue[] = [];

  function visit(value: unknown, path: ConfigPath): unknown {
    if (typeof value === 'string') {
      if (!hasEnvReference(value) || isSecretField(schema, path, data)) return value;
      const result = interpolateEnv(value, env);
      if (result.ok) return result.value;
      issues.push(issueAt(source, path, result.message, result.hint));
      return value;
    }
    if (Array.isArray(value)) return value.map((item, index) => visit(item, [...path, index]));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, visit(item, [...path, key])]),
      );
    }
    return value;
  }

  return { data: visit(data, []), issues };
}
