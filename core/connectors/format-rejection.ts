import type { RejectedRecord } from './source.ts';

/** "events.csv:57: column 'value': expected a number, got 'abc'" — where first, so a person can jump to it. */
export function formatRejection(rejection: RejectedRecord): string {
  const { file, line } = rejection.location;
  const where = [file, line].filter((part) => part !== undefined).join(':');
  // Connectors phrase reasons to stand alone ("line 57, column ..."); the prefix already says the line.
  const reason = line === undefined ? rejection.reason : rejection.reason.replace(`line ${line}, `, '');
  return where ? `${where}: ${reason}` : reason;
}
