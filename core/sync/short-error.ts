const MAX_ERROR_CHARS = 500;

/**
 * A failed sync's error as stored, logged and shown (status, dashboard). Connectors keep their
 * messages short; this is the backstop, so no message carries a file's rows into sync_runs.
 */
export function shortError(message: string): string {
  if (message.length <= MAX_ERROR_CHARS) return message;
  return `${message.slice(0, MAX_ERROR_CHARS)}... [cut: ${message.length.toLocaleString('en-US')} characters in all]`;
}
