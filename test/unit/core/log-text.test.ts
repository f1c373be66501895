import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { logLineText } from '../../../core/log-text.ts';
import { createLogger } from '../../../core/logger.ts';

/** A destination that records lines; it claims to be a terminal when `isTTY`. */
function destination(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  }) as Writable & { isTTY?: boolean };
  stream.isTTY = isTTY;
  return { stream, text: () => chunks.join('') };
}

describe('log lines a person reads', () => {
  it('turns a pino JSON line into time, level, message and fields', () => {
    const line = JSON.stringify({
      level: 40,
      time: '2026-11-01T12:00:07.123Z',
      msg: 'stream sync failed',
      stream: 'demo_files.contacts',
      err: { message: 'file not found', stack: 'Error: file not found\n    at x' },
    });
    expect(logLineText(line)).toBe(
      '12:00:07 warn  stream sync failed (stream: demo_files.contacts, err: file not found)\n',
    );
    expect(logLineText('not json')).toBe('not json');
  });

  it('writes text at a terminal, warnings and errors only by default', () => {
    const terminal = destination(true);
    const logger = createLogger({ destination: terminal.stream });
    logger.info({ stream: 'demo_files.contacts' }, 'stream synced');
    logger.warn({ status: 429 }, 'rate limited');
    expect(terminal.text()).toMatch(/^\d\d:\d\d:\d\d warn {2}rate limited \(status: 429\)\n$/);
  });

  it('writes pino JSON elsewhere, info and up', () => {
    const file = destination(false);
    const logger = createLogger({ destination: file.stream });
    logger.info({ stream: 'demo_files.contacts' }, 'stream synced');
    const entry = JSON.parse(file.text()) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 30, msg: 'stream synced', stream: 'demo_files.contacts' });
  });
});
