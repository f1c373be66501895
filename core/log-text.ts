const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

function valueText(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && 'message' in value && typeof value.message === 'string')
    return value.message;
  return JSON.stringify(value);
}

/**
 * One pino JSON line as a person reads it in a terminal:
 * "12:01:07 warn  stream sync failed (stream: demo_files.contacts, error: file not found)".
 * A line that is not pino JSON is returned unchanged.
 */
export function logLineText(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null) return line;
  const { level, time, msg, ...fields } = entry;
  const clock = typeof time === 'string' ? time.slice(11, 19) : '';
  const name = typeof level === 'number' ? (LEVELS[level] ?? String(level)) : String(level ?? '');
  const details = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${valueText(value)}`);
  const text = [clock, name.padEnd(5), typeof msg === 'string' ? msg : ''].filter(Boolean).join(' ');
  return `${text}${details.length > 0 ? ` (${details.join(', ')})` : ''}\n`;
}
