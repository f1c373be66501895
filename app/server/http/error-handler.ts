import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../../../core/logger.ts';
import { type ErrorBody, HttpError } from './http-error.ts';

/** Errors raised by express's body parser carry a status and a type; map the ones clients cause. */
function bodyParserError(error: unknown): HttpError | null {
  if (typeof error !== 'object' || error === null || !('type' in error)) return null;
  const type = String((error as { type: unknown }).type);
  if (type === 'entity.too.large')
    return new HttpError(413, 'payload_too_large', 'request body is larger than server.bodyLimit allows');
  if (type === 'entity.parse.failed')
    return new HttpError(400, 'invalid_json', 'request body is not valid JSON');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new HttpError(415, 'unsupported_encoding', 'request body encoding is not supported');
  return null;
}

/** 404 for every path no route claimed, in the same error shape. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
};

/**
 * The last middleware: known errors answer with their status and message; anything else is logged
 * with its stack and answered with a bare 500 so internals never reach the client.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = error instanceof HttpError ? error : bodyParserError(error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (!known) {
      logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
      const body: ErrorBody = {
        error: 'internal_error',
        message: 'the server failed to answer; see its log',
      };
      res.status(500).json(body);
      return;
    }
    for (const [name, value] of Object.entries(known.headers)) res.setHeader(name, value);
    const body: ErrorBody = {
      error: known.code,
      message: known.message,
      ...(known.field === undefined ? {} : { field: known.field }),
    };
    res.status(known.status).json(body);
  };
}
