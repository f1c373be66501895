import { Writable } from 'node:stream';
import pino from 'pino';
import { logLineText } from './log-text.ts';
import { scrubSecrets } from './secret.ts';

export type Logger = pino.Logger;

/** Field names that hold credentials in our configs and in providers' payloads. */
const REDACT_PATHS = [
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.password',
  '*.apiKey',
  '*.token',
  '*.authorization',
  '*.headers.authorization',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'password',
  'apiKey',
  'token',
];

export interface LoggerOptions {
  readonly level?: string;
  /** Where log lines go; defaults to stderr so stdout stays free for command output. */
  readonly destination?: NodeJS.WritableStream;
  /**
   * 'json' (pino lines, for log collectors) or 'text' (one readable line each, for a person at a
   * terminal). Default: $SCOREBRIDGE_LOG_FORMAT, else text when the destination is a terminal.
   */
  readonly format?: 'json' | 'text';
}

function formatOf(options: LoggerOptions, target: NodeJS.WritableStream): 'json' | 'text' {
  if (options.format) return options.format;
  const configured = process.env.SCOREBRIDGE_LOG_FORMAT;
  if (configured === 'json' || configured === 'text') return configured;
  return (target as { isTTY?: boolean }).isTTY ? 'text' : 'json';
}

/**
 * Logger (pino) whose every line passes through the secret scrubber. Redacting known field
 * names covers structured leaks; scrubbing known secret values covers secrets embedded in strings.
 * At a terminal the lines are text, and only warnings and errors show by default: the command's
 * own output says what happened, and progress bars show the rest.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const target = options.destination ?? process.stderr;
  const text = formatOf(options, target) === 'text';
  const scrubbed = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      const line = scrubSecrets(chunk.toString());
      target.write(text ? logLineText(line) : line);
      callback();
    },
  });
  return pino(
    {
      level: options.level ?? process.env.SCOREBRIDGE_LOG_LEVEL ?? (text ? 'warn' : 'info'),
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    scrubbed,
  );
}

/** A logger that discards everything, for tests and quiet library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
