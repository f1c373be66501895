import type { SendResult } from './types.ts';

type FailedResult = Extract<SendResult, { status: 'failed' }>;

interface SmtpErrorShape {
  responseCode?: unknown;
  response?: unknown;
  code?: unknown;
  command?: unknown;
  syscall?: unknown;
  message?: unknown;
}

/** Only a recipient or message rejection says something about the address itself. */
const BOUNCE_COMMANDS = new Set(['RCPT TO', 'DATA']);
/** Failures that happen before any message byte is sent: retrying cannot duplicate. */
const NEVER_SENT_CODES = new Set(['EDNS', 'EAUTH', 'ETLS', 'EREQUIRETLS', 'EENVELOPE']);
const NEVER_CONNECTED = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|Greeting never received/;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * SMTP reply classes decide what the caller does: a 5xx to RCPT/DATA is a bounce (suppress the
 * address), other SMTP replies are retried. A connection that never opened is retried too, but
 * one that broke mid-session is `unknown`: the server may already hold the message, and
 * nodemailer does not say which phase it was in.
 */
export function classifySendError(error: unknown): FailedResult {
  const shape: SmtpErrorShape = typeof error === 'object' && error !== null ? (error as SmtpErrorShape) : {};
  const message = text(shape.message) || String(error);
  const response = text(shape.response) || message;
  const code = typeof shape.responseCode === 'number' ? shape.responseCode : null;
  const command = text(shape.command).toUpperCase();

  if (code !== null && code >= 500 && code < 600 && BOUNCE_COMMANDS.has(command)) {
    return { status: 'failed', permanent: true, kind: 'permanent', code, response };
  }
  if (code !== null) {
    // 4xx, or a 5xx to AUTH/MAIL FROM: our configuration or the server's state, not the address.
    return { status: 'failed', permanent: false, kind: 'temporary', code, response };
  }
  const neverSent =
    text(shape.syscall) === 'connect' ||
    command === 'API' ||
    NEVER_SENT_CODES.has(text(shape.code)) ||
    NEVER_CONNECTED.test(message);
  return { status: 'failed', permanent: false, kind: neverSent ? 'temporary' : 'unknown', code, response };
}
