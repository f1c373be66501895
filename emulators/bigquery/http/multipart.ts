import { BigQueryApiError } from '../errors.ts';

export interface MultipartPart {
  readonly contentType: string;
  readonly body: Buffer;
}

/** Splits a `multipart/related` body (what Google's media upload sends) into its parts. */
export function parseMultipart(contentType: string, body: Buffer): MultipartPart[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!/^multipart\//i.test(contentType) || !boundary) {
    throw new BigQueryApiError('badRequest', 'Upload requests must be multipart/related with a boundary.');
  }
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next < 0) break;
    const part = body.subarray(afterDelimiter, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0)
      throw new BigQueryApiError('badRequest', 'Malformed multipart part: no header separator.');
    const headers = part.subarray(0, headerEnd).toString('latin1');
    let content = part.subarray(headerEnd + 4);
    // The CRLF before the next delimiter belongs to the delimiter, not to the content.
    if (content.subarray(-2).toString('latin1') === '\r\n') content = content.subarray(0, -2);
    const partType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
    parts.push({ contentType: partType, body: content });
    start = next;
  }
  return parts;
}
