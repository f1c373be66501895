import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** Snowflake's documented ceiling for one request's payload (bindings included). */
export const MAX_REQUEST_BYTES = 128 * 1024 * 1024;

export class PayloadTooLarge extends Error {}

export async function readBody(request: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of request) {
    size += (part as Buffer).length;
    if (size > MAX_REQUEST_BYTES)
      throw new PayloadTooLarge(`request body exceeds ${MAX_REQUEST_BYTES} bytes`);
    parts.push(part as Buffer);
  }
  if (size === 0) return {};
  let body = Buffer.concat(parts);
  if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
  return JSON.parse(body.toString('utf8'));
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Chunk bodies are not JSON documents (rows without the outer brackets): served as cloud storage serves them. */
export function sendChunk(response: ServerResponse, text: string): void {
  response.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** The session token from `Authorization: Snowflake Token="…"`. */
export function sessionToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization ?? '';
  const match = /^Snowflake Token="(.*)"$/.exec(header);
  return match ? match[1]! : null;
}
