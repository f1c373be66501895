import type { RequestHandler } from 'express';

/**
 * CORS only for the origins listed in server.cors.origins; with none listed no CORS header is ever
 * sent, so browsers keep every other site from reading the API.
 */
export function corsFor(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins.map((o) => new URL(o).origin));
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (allowed.size === 0 || origin === undefined || !allowed.has(origin)) {
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
