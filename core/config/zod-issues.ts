import type { z } from 'zod';
import type { ConfigIssue } from './config-error.ts';
import type { ConfigPath } from './path.ts';
import { allowedKeys, schemaAt } from './schema-walk.ts';
import { SECRET_LITERAL_PARAM } from './secret-ref.ts';
import { closest, quoteList, suggestionHint } from './suggest.ts';
import { issueAt, type LocateTarget, type YamlSource } from './yaml-source.ts';

type ZodIssue = z.core.$ZodIssue;

export interface IssueContext {
  readonly source: Pick<YamlSource, 'file' | 'locate'>;
  /** The schema that produced the issues, for allowed keys in "did you mean" hints. */
  readonly schema: z.core.$ZodType;
  /** The value that was validated (after interpolation). */
  readonly data: unknown;
}

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  record: 'a mapping (key: value lines)',
  map: 'a mapping (key: value lines)',
  array: 'a list',
  tuple: 'a list',
  null: 'an empty value',
  date: 'a date',
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function noun(kind: string): string {
  return NOUNS[kind] ?? kind;
}

/** A value quoted for a message; long text is cut because it is rarely what a person needs to see. */
function show(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  return value.length > 40 ? `'${value.slice(0, 37)}...'` : `'${value}'`;
}

function lookup(data: unknown, path: ConfigPath): { present: boolean; value: unknown } {
  let value = data;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'number' && segment < value.length) value = value[segment];
    else if (typeof value === 'object' && value !== null && Object.hasOwn(value, String(segment))) {
      value = (value as Record<string, unknown>)[String(segment)];
    } else return { present: false, value: undefined };
  }
  return { present: true, value };
}

/** Upper snake case from the last two names in the path: connectors.hubspot.accessToken -> HUBSPOT_ACCESS_TOKEN. */
export function suggestedEnvName(path: ConfigPath): string {
  const names = path.filter((segment): segment is string => typeof segment === 'string').slice(-2);
  const words = names.join('_').replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  const name = words.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return /^[A-Z_]/.test(name) ? name : `_${name}`;
}

function lastName(path: ConfigPath): string {
  const names = path.filter((segment): segment is string => typeof segment === 'string');
  return names[names.length - 1] ?? 'value';
}

/**
 * Turns zod issues into located, human issues: each names the YAML path, its file:line:column,
 * and, where a likely intended word exists (unknown key, misspelled enum), suggests it.
 */
export function toConfigIssues(
  issues: readonly ZodIssue[],
  context: IssueContext,
  prefix: ConfigPath = [],
): ConfigIssue[] {
  return issues.flatMap((issue) => convert(issue, context, [...prefix, ...issue.path]));
}

function located(
  context: IssueContext,
  path: ConfigPath,
  message: string,
  hint?: string,
  target: LocateTarget = 'value',
): ConfigIssue {
  return issueAt(context.source, path, message, hint, target);
}

function missing(context: IssueContext, path: ConfigPath, hint?: string): ConfigIssue {
  return located(context, path, `missing required key '${lastName(path)}'`, hint);
}

function invalidChoice(context: IssueContext, path: ConfigPath, allowed: readonly unknown[]): ConfigIssue {
  const { present, value } = lookup(context.data, path);
  if (!present) return missing(context, path, `expected ${quoteList(allowed)}`);
  if (typeof value === 'string' && allowed.every((v) => typeof v === 'string')) {
    return located(
      context,
      path,
      `unknown ${lastName(path)} ${show(value)}`,
      suggestionHint(value, allowed as string[]),
    );
  }
  return located(context, path, `expected ${quoteList(allowed)}, got ${show(value)}`);
}

function paramsOf(issue: ZodIssue): Record<string, unknown> {
  return 'params' in issue && typeof issue.params === 'object' && issue.params !== null ? issue.params : {};
}

function convert(issue: ZodIssue, context: IssueContext, path: ConfigPath): ConfigIssue[] {
  switch (issue.code) {
    case 'invalid_type': {
      const { present, value } = lookup(context.data, path);
      if (!present) return [missing(context, path, `expected ${noun(issue.expected)}`)];
      return [located(context, path, `expected ${noun(issue.expected)}, got ${noun(kindOf(value))}`)];
    }
    case 'invalid_value':
      return [invalidChoice(context, path, issue.values)];
    case 'invalid_union':
      return convertUnion(issue, context, path);
    case 'unrecognized_keys': {
      const { value } = lookup(context.data, path);
      const parent = schemaAt(context.schema, path, context.data);
      const allowed = parent ? (allowedKeys(parent, value) ?? []) : [];
      return issue.keys.map((key) => {
        const match = closest(key, allowed);
        const hint = match
          ? `did you mean '${match}'?`
          : allowed.length
            ? `allowed keys are ${quoteList(allowed, 'and')}`
            : undefined;
        return located(context, [...path, key], `unknown key '${key}'`, hint, 'key');
      });
    }
    case 'invalid_key': {
      const reasons = issue.issues.map((inner) => inner.message).join('; ');
      return [located(context, path, `invalid key '${lastName(path)}'`, reasons, 'key')];
    }
    case 'custom': {
      const params = paramsOf(issue);
      if (params[SECRET_LITERAL_PARAM] === true) {
        const name = suggestedEnvName(path);
        const hint = `move the value to an environment variable and write \${${name}} here`;
        return [located(context, path, issue.message, hint)];
      }
      return [
        located(context, path, issue.message, typeof params.hint === 'string' ? params.hint : undefined),
      ];
    }
    default:
      return [located(context, path, issue.message.charAt(0).toLowerCase() + issue.message.slice(1))];
  }
}

function convertUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  context: IssueContext,
  path: ConfigPath,
): ConfigIssue[] {
  const tagged = issue as z.core.$ZodIssueInvalidUnion & { discriminator?: string; options?: unknown[] };
  if (tagged.discriminator !== undefined) return [invalidChoice(context, path, tagged.options ?? [])];
  const wrongShape = (branch: readonly ZodIssue[]) =>
    branch.some(
      (inner) => inner.path.length === 0 && (inner.code === 'invalid_type' || inner.code === 'invalid_value'),
    );
  // The branch whose shape matched is the one the author meant; report its problems, not every branch's.
  const candidates = issue.errors.filter((branch) => !wrongShape(branch));
  if (candidates.length > 0) {
    const best = candidates.reduce((a, b) => (b.length < a.length ? b : a));
    return toConfigIssues(best, context, path);
  }
  const choices = issue.errors.flatMap((branch) =>
    branch.flatMap((inner) =>
      inner.code === 'invalid_value' && inner.path.length === 0 ? inner.values : [],
    ),
  );
  if (
    choices.length > 0 &&
    issue.errors.every((branch) => branch.every((inner) => inner.code === 'invalid_value'))
  ) {
    return [invalidChoice(context, path, choices)];
  }
  const expected = issue.errors.flatMap((branch) =>
    branch.flatMap((inner) => (inner.code === 'invalid_type' ? [noun(inner.expected)] : [])),
  );
  const { present, value } = lookup(context.data, path);
  const wanted = [...new Set(expected)].join(' or ') || 'a different value';
  if (!present) return [missing(context, path, `expected ${wanted}`)];
  return [located(context, path, `expected ${wanted}, got ${noun(kindOf(value))}`)];
}
