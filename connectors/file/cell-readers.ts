import type { StreamSettings } from './stream-settings.ts';
import { createTimestampReader, type TimestampReader } from './timestamps.ts';

/** Returned by a reader when the cell cannot be converted; the reader also sets `problem`. */
export const INVALID = Symbol('invalid cell');

const NON_POSITIVE_NUMBER = /^(?:-\d+(?:\.\d+)?|[+-]?0+(?:\.0+)?)$/;
const EARLIEST_INSTANT = '1900-01-01';
const LATEST_INSTANT = '2100-01-01';
const STRICT_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Numbers in free-form property columns: no leading zeros (zip codes, ids stay text), no exponent. */
const PLAIN_NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?$/;

/**
 * Converts raw cells (CSV text or JSON values) into typed values, strictly: "12,5" is not a number
 * and "maybe" is not a boolean. Conversions that fail return INVALID and leave the reason in `problem`.
 */
export class CellReaders {
  problem = '';
  readonly #missing: ReadonlySet<string>;
  readonly #longestMissing: number;
  readonly #trueTokens: ReadonlySet<string>;
  readonly #falseTokens: ReadonlySet<string>;
  readonly #readTimestamp: TimestampReader;
  readonly #timestampHint: string;
  readonly #autoDates: boolean;

  constructor(settings: StreamSettings) {
    this.#missing = new Set(settings.missing);
    this.#longestMissing = Math.max(0, ...settings.missing.map((token) => token.length));
    this.#trueTokens = new Set(settings.booleanTrue.map((token) => token.toLowerCase()));
    this.#falseTokens = new Set(settings.booleanFalse.map((token) => token.toLowerCase()));
    this.#readTimestamp = createTimestampReader(settings.dateFormat, settings.timezone);
    this.#autoDates = settings.dateFormat === 'auto';
    this.#timestampHint =
      settings.dateFormat === 'auto'
        ? ' (ISO 8601, YYYY-MM-DD or epoch; set dateFormat for other layouts)'
        : ` (dateFormat "${settings.dateFormat}")`;
  }

  /** The cell with surrounding blanks removed, or null when it means "no value". */
  present(value: unknown): unknown {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') return value;
    const text = hasOuterBlank(value) ? value.trim() : value;
    if (text.length === 0 || (text.length <= this.#longestMissing && this.#missing.has(text))) return null;
    return text;
  }

  text(value: unknown): string | typeof INVALID {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.#fail(`expected text, got ${describe(value)}`);
  }

  number(value: unknown): number | typeof INVALID {
    if (typeof value === 'number')
      return Number.isFinite(value) ? value : this.#fail(`expected a finite number, got ${value}`);
    if (typeof value === 'string' && STRICT_NUMBER.test(value)) return Number(value);
    const hint =
      typeof value === 'string' && value.includes(',')
        ? " (use '.' for decimals and no thousands separators)"
        : '';
    return this.#fail(`expected a number, got ${describe(value)}${hint}`);
  }

  integer(value: unknown): number | typeof INVALID {
    const number = this.number(value);
    if (number === INVALID || Number.isInteger(number)) return number;
    return this.#fail(`expected a whole number, got ${describe(value)}`);
  }

  boolean(value: unknown): boolean | typeof INVALID {
    if (typeof value === 'boolean') return value;
    const token =
      typeof value === 'number' ? String(value) : typeof value === 'string' ? value.toLowerCase() : null;
    if (token !== null && this.#trueTokens.has(token)) return true;
    if (token !== null && this.#falseTokens.has(token)) return false;
    return this.#fail(
      `expected true/false, got ${describe(value)} (true: ${[...this.#trueTokens].join(', ')}; false: ${[...this.#falseTokens].join(', ')})`,
    );
  }

  timestamp(value: unknown): string | typeof INVALID {
    if (typeof value === 'string' || typeof value === 'number') {
      const instant = this.#readTimestamp(value);
      if (instant !== undefined) return this.#plausible(value, instant);
    }
    return this.#fail(`expected a timestamp, got ${describe(value)}${this.#timestampHint}`);
  }

  /**
   * Rejects instants no CRM record has: "-1" or "0" read as 1969/1970 (stand-ins for "no date"
   * in many exports), and years outside 1900-2099 (a typo or a sentinel such as 0001-01-01).
   */
  #plausible(value: string | number, instant: string): string | typeof INVALID {
    if (this.#autoDates && (typeof value === 'number' ? value <= 0 : NON_POSITIVE_NUMBER.test(value))) {
      return this.#fail(
        `${describe(value)} is not a plausible timestamp: zero and negative numbers are placeholders, not dates; ` +
          'leave the cell empty when there is no date (or set dateFormat: epoch_s to read them as seconds from 1970)',
      );
    }
    // ISO instants of years 0000-9999 sort as text; other years start with "+" or "-" and fail both.
    if (instant < EARLIEST_INSTANT || instant >= LATEST_INSTANT) {
      return this.#fail(
        `${describe(value)} is not a plausible timestamp: it reads as ${instant.slice(0, 10)}, ` +
          'and dates must fall in the years 1900 to 2099',
      );
    }
    return instant;
  }

  /** Free-form property cells: numbers and true/false keep their type, everything else stays text. */
  property(value: unknown): string | number | boolean | null {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    if (typeof value !== 'string') return JSON.stringify(value);
    if (value === 'true') return true;
    if (value === 'false') return false;
    return PLAIN_NUMBER.test(value) ? Number(value) : value;
  }

  #fail(problem: string): typeof INVALID {
    this.problem = problem;
    return INVALID;
  }
}

/** A cell as it should appear in an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 80 ? `${value.slice(0, 77)}...` : value}'`;
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function hasOuterBlank(text: string): boolean {
  return text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32);
}
