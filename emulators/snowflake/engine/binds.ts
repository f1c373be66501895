import { z } from 'zod';
import { SnowflakeError } from '../errors.ts';

/**
 * Inline array binds above this many values are refused. snowflake-sdk sends binds above the
 * server's CLIENT_STAGE_ARRAY_BINDING_THRESHOLD (65,280) through a stage instead, so only a client
 * that raised `arrayBindingThreshold` reaches this limit; binds read from a stage have none.
 */
export const MAX_INLINE_BIND_VALUES = 100_000;
/** Snowflake's VARCHAR limit: 16 MB per value. */
export const MAX_TEXT_BYTES = 16_777_216;

const bindingSchema = z.object({
  type: z.string(),
  value: z.union([z.string(), z.null(), z.array(z.union([z.string(), z.null()]))]),
});
export const bindingsSchema = z.record(z.string(), bindingSchema);
export type Bindings = z.infer<typeof bindingsSchema>;

export type BindValue = string | number | bigint | boolean | null;

export interface DecodedBinds {
  /** One entry per execution; a single-row statement has one. */
  readonly rows: BindValue[][];
  readonly types: string[];
  readonly isArray: boolean;
}

const INT64_MAX = 9_223_372_036_854_775_807n;

function decodeValue(type: string, raw: string | null): BindValue {
  if (raw === null) return null;
  switch (type) {
    case 'FIXED': {
      if (!/^-?\d+$/.test(raw)) return raw;
      const value = BigInt(raw);
      return value <= INT64_MAX && value >= -INT64_MAX ? value : raw;
    }
    case 'REAL':
      return Number(raw);
    case 'BOOLEAN':
      return raw === 'true' || raw === '1' || raw === 'TRUE';
    default:
      if (Buffer.byteLength(raw) > MAX_TEXT_BYTES) {
        throw new SnowflakeError(
          '100078',
          '22000',
          `String '${raw.slice(0, 32)}…' is too long and would be truncated (limit ${MAX_TEXT_BYTES} bytes)`,
        );
      }
      return raw;
  }
}

/** Reads the positional bindings map ("1", "2", …) into rows of typed values, enforcing the limits. */
export function decodeBindings(bindings: Bindings | undefined, paramCount: number): DecodedBinds {
  const positions = Object.keys(bindings ?? {})
    .map(Number)
    .sort((a, b) => a - b);
  if (positions.length < paramCount) {
    const missing = Array.from({ length: paramCount }, (_, i) => i + 1).find((p) => !positions.includes(p));
    throw new SnowflakeError(
      '002049',
      '42601',
      `SQL compilation error: error line 1 at position 0\nBind variable ? not set (position ${missing}).`,
    );
  }
  const entries = positions.map((position) => bindings![String(position)]!);
  const isArray = entries.some((entry) => Array.isArray(entry.value));
  const rowCount = isArray
    ? Math.max(...entries.map((e) => (Array.isArray(e.value) ? e.value.length : 1)))
    : 1;
  const total = rowCount * entries.length;
  if (isArray && total > MAX_INLINE_BIND_VALUES) {
    throw new SnowflakeError(
      '001010',
      '22000',
      `Number of bind values (${total}) exceeds the inline array binding limit of ${MAX_INLINE_BIND_VALUES}; ` +
        'split the batch (above CLIENT_STAGE_ARRAY_BINDING_THRESHOLD the driver binds through a stage)',
    );
  }
  const rows: BindValue[][] = [];
  for (let row = 0; row < rowCount; row++) {
    rows.push(
      entries.map((entry) => {
        const raw = Array.isArray(entry.value) ? (entry.value[row] ?? null) : entry.value;
        return decodeValue(entry.type, raw);
      }),
    );
  }
  return { rows, types: entries.map((e) => e.type), isArray };
}

/**
 * Rows read from a stage's files, one execution each: every value is text (the CSV carries no
 * types) and there is no inline limit, but each `?` still needs a column.
 */
export function stagedBinds(rows: (string | null)[][], paramCount: number): DecodedBinds {
  const columns = rows[0]?.length ?? 0;
  if (columns < paramCount) {
    throw new SnowflakeError(
      '002049',
      '42601',
      `SQL compilation error: error line 1 at position 0\nBind variable ? not set (position ${columns + 1}); the staged file has ${columns} columns.`,
    );
  }
  // A UTF-8 character takes at most 4 bytes: only long strings need measuring.
  for (const row of rows)
    for (const value of row)
      if (value !== null && value.length * 4 > MAX_TEXT_BYTES) decodeValue('TEXT', value);
  return { rows, types: Array.from({ length: columns }, () => 'TEXT'), isArray: true };
}

export function isDecodedBinds(value: Bindings | DecodedBinds | undefined): value is DecodedBinds {
  return value !== undefined && Array.isArray((value as DecodedBinds).rows);
}

/** The SQL type a bound column is read as when array binds are loaded set-wise. */
export function sqlTypeOfBind(type: string): string {
  switch (type) {
    case 'FIXED':
      return 'HUGEINT';
    case 'REAL':
      return 'DOUBLE';
    case 'BOOLEAN':
      return 'BOOLEAN';
    default:
      return 'VARCHAR';
  }
}
