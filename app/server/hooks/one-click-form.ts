/**
 * Reading the body of an RFC 8058 one-click unsubscribe. Mail clients SHOULD send it as
 * multipart/form-data (§3.1), browsers and some providers send application/x-www-form-urlencoded;
 * both are parsed by the WHATWG FormData parser built into Node (undici), which also serves
 * `fetch`, rather than by code of our own.
 */

/** A one-click body is `List-Unsubscribe=One-Click`: a few dozen bytes, a few hundred as multipart. */
export const ONE_CLICK_MAX_BYTES = 4096;
/** Fields read at most; a one-click request carries one. */
export const ONE_CLICK_MAX_FIELDS = 10;

export type OneClickBody =
  | { readonly kind: 'one-click' }
  /** No body, or a readable form without List-Unsubscribe=One-Click: a person should confirm. */
  | { readonly kind: 'not-one-click' }
  /** Unreadable or out of bounds: `problem` says what is wrong, for whoever sent it. */
  | { readonly kind: 'refused'; readonly status: number; readonly problem: string };

const URLENCODED = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data';
const HOW = `send List-Unsubscribe=One-Click as ${MULTIPART} or ${URLENCODED} (RFC 8058)`;

const refused = (status: number, problem: string): OneClickBody => ({ kind: 'refused', status, problem });

/** What the request body says, given its Content-Type header and its bytes (undefined: no body). */
export async function readOneClickBody(
  contentType: string | undefined,
  body: Uint8Array | undefined,
): Promise<OneClickBody> {
  if (body === undefined || body.length === 0) return { kind: 'not-one-click' };
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== URLENCODED && mediaType !== MULTIPART)
    return refused(
      415,
      `A one-click unsubscribe is a form: ${HOW}, not ${mediaType === '' ? 'a body without a Content-Type' : mediaType}.`,
    );
  if (mediaType === MULTIPART && !/;\s*boundary=/i.test(contentType ?? ''))
    return refused(
      400,
      `The ${MULTIPART} Content-Type has no boundary= parameter, so the form's fields cannot be found.`,
    );
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType! } }).formData();
  } catch {
    return refused(
      400,
      `The ${MULTIPART} body does not match its Content-Type: the parts must be separated by the boundary it names, with lines ending in CRLF.`,
    );
  }
  const fields = [...form.entries()];
  if (fields.length > ONE_CLICK_MAX_FIELDS)
    return refused(
      400,
      `The form has ${fields.length} fields; a one-click unsubscribe sends one, List-Unsubscribe=One-Click, and at most ${ONE_CLICK_MAX_FIELDS} are read.`,
    );
  const oneClick = fields.some(([name, value]) => name === 'List-Unsubscribe' && value === 'One-Click');
  return oneClick ? { kind: 'one-click' } : { kind: 'not-one-click' };
}

/**
 * The answer for a body the reader (express.raw) gave up on: too large, or an encoding it cannot
 * undo; undefined for a failure that is not the client's (left to the server's error handler).
 */
export function unreadableBody(error: unknown): OneClickBody | undefined {
  const failure = error as { type?: unknown; status?: unknown; length?: unknown; message?: unknown };
  if (failure.type === 'entity.too.large') {
    const size =
      typeof failure.length === 'number' ? `${failure.length.toLocaleString('en-US')} bytes` : 'too large';
    return refused(
      413,
      `The request body is ${size}; a one-click unsubscribe is at most ${ONE_CLICK_MAX_BYTES.toLocaleString('en-US')} bytes: ${HOW}.`,
    );
  }
  if (typeof failure.status !== 'number' || failure.status < 400 || failure.status >= 500) return undefined;
  return refused(failure.status, `The request body could not be read (${String(failure.message)}): ${HOW}.`);
}
