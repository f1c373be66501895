import type { IncomingMessage } from 'node:http';
import { BigQueryApiError } from '../errors.ts';
import { parseExactJson } from '../exact-json.ts';

/**
 * BigQuery's API request size limit. The Google front end refuses larger bodies with HTTP 413
 * and this message, uploads included, so a client has to split big loads.
 */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export interface ParsedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType: string;
  readonly body: Buffer;
}

export async function readRequest(request: IncomingMessage): Promise<ParsedRequest> {
  const url = new URL(request.url ?? '/', 'http://emulator');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    // Keep draining so the client sees the 413 rather than a reset connection.
    if (size <= MAX_REQUEST_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_REQUEST_BYTES) throw tooLarge();
  return {
    method: request.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    contentType: String(request.headers['content-type'] ?? ''),
    body: Buffer.concat(chunks),
  };
}

function tooLarge(): BigQueryApiError {
  return new BigQueryApiError(
    'requestTooLarge',
    `Request payload size exceeds the limit: ${MAX_REQUEST_BYTES} bytes.`,
  );
}

export function jsonBody(request: ParsedRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  try {
    const parsed: unknown = parseExactJson(request.body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new BigQueryApiError('badRequest', 'Invalid JSON payload received.');
}
