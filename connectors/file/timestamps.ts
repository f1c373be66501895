/**
 * Timestamp reading for files: ISO 8601, date-only, epoch seconds/milliseconds and explicit patterns.
 * Timestamps without an offset are wall-clock times in the configured zone, never the machine's.
 */
import { daysInMonth, isoFromMs, utcMs } from './calendar.ts';
import { type WallClock, zonedToUtc } from './zoned-time.ts';

export { isValidTimeZone } from './zoned-time.ts';

/** Reads a cell; returns the canonical ISO instant, or undefined when the text is not a timestamp. */
export type TimestampReader = (value: string | number) => string | undefined;

const BASIC_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const EPOCH = /^[+-]?\d+(?:\.\d+)?$/;
/** Below this an epoch number is read as seconds: 1e11 s is year 5138, 1e11 ms is March 1973. */
const EPOCH_MS_THRESHOLD = 1e11;

type DatePart = keyof WallClock;
const PATTERN_TOKENS: Readonly<Record<string, { readonly regex: string; readonly part: DatePart }>> = {
  YYYY: { regex: '(\\d{4})', part: 'year' },
  MM: { regex: '(\\d{2})', part: 'month' },
  M: { regex: '(\\d{1,2})', part: 'month' },
  DD: { regex: '(\\d{2})', part: 'day' },
  D: { regex: '(\\d{1,2})', part: 'day' },
  HH: { regex: '(\\d{2})', part: 'hour' },
  H: { regex: '(\\d{1,2})', part: 'hour' },
  mm: { regex: '(\\d{2})', part: 'minute' },
  ss: { regex: '(\\d{2})', part: 'second' },
  SSS: { regex: '(\\d{3})', part: 'millisecond' },
};
const TOKEN_SPLITTER = /(YYYY|SSS|MM|DD|HH|mm|ss|M|D|H)/;

/** Why a dateFormat setting cannot work, or null when it can. */
export function dateFormatProblem(format: string): string | null {
  if (format === 'auto' || format === 'epoch_s' || format === 'epoch_ms') return null;
  const pieces = format.split(TOKEN_SPLITTER);
  const tokens = pieces.filter((_, index) => index % 2 === 1);
  const literals = pieces.filter((_, index) => index % 2 === 0);
  const strayLetters = literals
    .join('')
    .replace(/T/g, '')
    .match(/[A-Za-z]/g);
  if (strayLetters) {
    return `unknown letters "${strayLetters.join('')}" in date format "${format}"; tokens are YYYY MM M DD D HH H mm ss SSS`;
  }
  const parts = tokens.map((token) => PATTERN_TOKENS[token]!.part);
  for (const required of ['year', 'month', 'day'] as const) {
    if (!parts.includes(required)) return `date format "${format}" has no ${required} token`;
  }
  if (new Set(parts).size !== parts.length) return `date format "${format}" repeats a token`;
  return null;
}

export function createTimestampReader(format: string, timeZone: string): TimestampReader {
  const toUtc = zonedToUtc(timeZone);
  if (format === 'epoch_s') return (value) => readEpoch(value, 1000);
  if (format === 'epoch_ms') return (value) => readEpoch(value, 1);
  if (format === 'auto') return (value) => readAuto(value, toUtc);
  const problem = dateFormatProblem(format);
  if (problem) throw new Error(problem);
  return patternReader(format, toUtc);
}

function readEpoch(value: string | number, unitMs: number): string | undefined {
  const epoch = typeof value === 'number' ? value : EPOCH.test(value) ? Number(value) : Number.NaN;
  return isoFromMs(epoch * unitMs);
}

function readAuto(value: string | number, toUtc: (clock: WallClock) => number): string | undefined {
  if (typeof value === 'number')
    return isoFromMs(Math.abs(value) >= EPOCH_MS_THRESHOLD ? value : value * 1000);
  const iso = parseIso(value, toUtc);
  if (iso !== null) return Number.isNaN(iso) ? undefined : isoFromMs(iso);
  const basic = BASIC_DATE.exec(value);
  if (basic) {
    const clock = validClock(Number(basic[1]), Number(basic[2]), Number(basic[3]), 0, 0, 0, 0);
    return clock ? isoFromMs(toUtc(clock)) : undefined;
  }
  return EPOCH.test(value) ? readAuto(Number(value), toUtc) : undefined;
}

/**
 * Hand-written ISO 8601 reader (YYYY-MM-DD[(T| )HH:mm[:ss[.fff]]][Z|±HH[:]mm]): the hot path of
 * every event import. Returns epoch ms, NaN for an ISO-shaped but impossible time, or null when
 * the text is not ISO-shaped at all.
 */
function parseIso(text: string, toUtc: (clock: WallClock) => number): number | null {
  const length = text.length;
  if (length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return null;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millisecond = 0;
  let pos = 10;
  const separator = text.charCodeAt(pos);
  if (separator === 84 || separator === 116 || (separator === 32 && digits(text, 11, 2) >= 0)) {
    hour = digits(text, 11, 2);
    minute = text.charCodeAt(13) === 58 ? digits(text, 14, 2) : -1;
    if (hour < 0 || minute < 0) return null;
    pos = 16;
    if (text.charCodeAt(pos) === 58) {
      second = digits(text, pos + 1, 2);
      if (second < 0) return null;
      pos += 3;
      const mark = text.charCodeAt(pos);
      if (mark === 46 || mark === 44) {
        let end = pos + 1;
        while (end < length && isDigit(text.charCodeAt(end))) end++;
        if (end === pos + 1) return null;
        millisecond = Math.floor(Number(`0.${text.slice(pos + 1, end)}`) * 1000);
        pos = end;
      }
    }
  }
  while (pos < length && text.charCodeAt(pos) === 32) pos++;
  const clock = validClock(year, month, day, hour, minute, second, millisecond);
  if (pos === length) return clock ? toUtc(clock) : Number.NaN;
  const offset = offsetMinutes(text, pos);
  if (offset === null) return null;
  if (!clock) return Number.NaN;
  return utcMs(year, month, day, hour, minute, second, millisecond) - offset * 60_000;
}

/** Minutes east of UTC for "Z", "+02", "+0200" or "+02:00" at `pos` (the text's end); null otherwise. */
function offsetMinutes(text: string, pos: number): number | null {
  const sign = text.charCodeAt(pos);
  const rest = text.length - pos - 1;
  if ((sign === 90 || sign === 122) && rest === 0) return 0;
  if (sign !== 43 && sign !== 45) return null;
  const hours = digits(text, pos + 1, 2);
  let minutes = 0;
  if (rest === 4) minutes = digits(text, pos + 3, 2);
  else if (rest === 5 && text.charCodeAt(pos + 3) === 58) minutes = digits(text, pos + 4, 2);
  else if (rest !== 2) return null;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return null;
  return (sign === 45 ? -1 : 1) * (hours * 60 + minutes);
}

function patternReader(format: string, toUtc: (clock: WallClock) => number): TimestampReader {
  const pieces = format.split(TOKEN_SPLITTER);
  const parts: DatePart[] = [];
  let source = '^';
  pieces.forEach((piece, index) => {
    if (index % 2 === 0) {
      source += piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return;
    }
    const token = PATTERN_TOKENS[piece]!;
    source += token.regex;
    parts.push(token.part);
  });
  const regex = new RegExp(`${source}$`);
  return (value) => {
    if (typeof value !== 'string') return undefined;
    const match = regex.exec(value);
    if (!match) return undefined;
    const found: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, millisecond: 0 };
    parts.forEach((part, index) => {
      found[part] = Number(match[index + 1]);
    });
    const { year, month, day, hour, minute, second, millisecond } = found;
    const clock = validClock(year, month, day, hour, minute, second, millisecond);
    return clock ? isoFromMs(toUtc(clock)) : undefined;
  };
}

function validClock(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): WallClock | undefined {
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59;
  return valid ? { year, month, day, hour, minute, second, millisecond } : undefined;
}

/** The number written by `count` digits at `start`, or -1 if any is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const code = text.charCodeAt(index);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
