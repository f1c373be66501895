import type { Response } from 'express';

export interface ApiError {
  readonly message: string;
  readonly errorCode: string;
  readonly fields?: readonly string[];
}

/** REST errors are always a JSON array of {message, errorCode, fields}. */
export function sendErrors(res: Response, status: number, errors: readonly ApiError[]): void {
  res.status(status).json(
    errors.map((error) => ({
      message: error.message,
      errorCode: error.errorCode,
      fields: error.fields ?? [],
    })),
  );
}

export function sendError(
  res: Response,
  status: number,
  errorCode: string,
  message: string,
  fields?: readonly string[],
): void {
  sendErrors(res, status, [{ errorCode, message, ...(fields ? { fields } : {}) }]);
}

export const notFound = (res: Response): void =>
  sendError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
