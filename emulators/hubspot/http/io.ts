import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.destroyed) return;
  const payload = status === 204 || body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json;charset=utf-8',
    'X-HubSpot-Correlation-Id': randomUUID(),
    ...headers,
  });
  response.end(payload);
}

export function pause(ms: number): Promise<void> {
  return ms > 0 ? delay(ms).then(() => undefined) : Promise.resolve();
}

/** An answer from HubSpot's edge rather than the API: an HTML error page. */
export function sendHtml(
  response: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
  response.end(
    `<html><head><title>${status}</title></head><body><h1>${status} Error</h1><p>The server could not complete the request.</p></body></html>`,
  );
}
