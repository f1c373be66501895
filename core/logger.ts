import { Writable } from 'node:stream';
import pino from 'pino';
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
  /** Where JSON lines go; defaults to stderr so stdout stays free for command output. */
  readonly destination?: NodeJS.WritableStream;
}

/**
 * JSON logger (pino) whose every line passes through the secret scrubber. Redacting known field
 * names covers structured leaks; scrubbing known secret values covers secrets embedded in strings.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const target = options.destination ?? process.stderr;
  const scrubbed = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      target.write(scrubSecrets(chunk.toString()));
      callback();
    },
  });
  return pino(
    {
      level: options.level ?? process.env.SCOREBRIDGE_LOG_LEVEL ?? 'info',
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
