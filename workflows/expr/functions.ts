import type { Value } from './values.ts';
import { toInstant } from './values.ts';

const DAY_MS = 86_400_000;

export interface FunctionContext {
  readonly now: Date;
}

interface FunctionSpec {
  readonly minArgs: number;
  /** Infinity for variadic functions. */
  readonly maxArgs: number;
  readonly signature: string;
  /** Total: bad input yields null, never an exception. */
  readonly apply: (args: readonly Value[], context: FunctionContext) => Value;
}

/** Whole days between an instant and `now`; null when the value is not a date. */
function daysSince([value]: readonly Value[], { now }: FunctionContext): Value {
  const instant = toInstant(value ?? null);
  if (instant === null) return null;
  return Math.floor((now.getTime() - instant) / DAY_MS);
}

function lower([value]: readonly Value[]): Value {
  return typeof value === 'string' ? value.toLowerCase() : null;
}

function len([value]: readonly Value[]): Value {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  return null;
}

function coalesce(args: readonly Value[]): Value {
  return args.find((arg) => arg !== null) ?? null;
}

/** The whole vocabulary of callable names; nothing else can ever be called from an expression. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map<string, FunctionSpec>([
  ['days_since', { minArgs: 1, maxArgs: 1, signature: 'days_since(date)', apply: daysSince }],
  ['lower', { minArgs: 1, maxArgs: 1, signature: 'lower(text)', apply: lower }],
  ['len', { minArgs: 1, maxArgs: 1, signature: 'len(text or list)', apply: len }],
  [
    'coalesce',
    { minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, signature: 'coalesce(value, ...)', apply: coalesce },
  ],
]);

export const FUNCTION_NAMES: readonly string[] = [...FUNCTIONS.keys()];
