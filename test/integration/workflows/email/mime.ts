/** Just enough RFC 5322 / MIME reading for assertions; tests must not trust the code under test. */
export interface ParsedMail {
  headers: Map<string, string[]>;
  body: string;
}

export function parseMail(raw: string): ParsedMail {
  const normalized = raw.replace(/\r\n/g, '\n');
  const split = normalized.indexOf('\n\n');
  if (split < 0) throw new Error('no blank line between headers and body');
  const headerBlock = normalized.slice(0, split).replace(/\n[ \t]+/g, ' ');
  const headers = new Map<string, string[]>();
  for (const line of headerBlock.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed header line: ${line}`);
    const name = line.slice(0, colon).toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { headers, body: normalized.slice(split + 2) };
}

export function header(mail: ParsedMail, name: string): string | undefined {
  return mail.headers.get(name.toLowerCase())?.[0];
}

/** The decoded body of the first part with the given content type. */
export function partBody(mail: ParsedMail, contentType: string): string {
  const boundary = /boundary="?([^";]+)"?/.exec(header(mail, 'content-type') ?? '')?.[1];
  if (!boundary) throw new Error('message is not multipart');
  for (const chunk of mail.body.split(`--${boundary}`)) {
    const trimmed = chunk.replace(/^\n/, '');
    if (trimmed.startsWith('--') || !trimmed.includes('\n\n')) continue;
    const part = parseMail(trimmed);
    if (!(header(part, 'content-type') ?? '').startsWith(contentType)) continue;
    const encoding = (header(part, 'content-transfer-encoding') ?? '7bit').toLowerCase();
    return decodeBody(part.body, encoding);
  }
  throw new Error(`no ${contentType} part`);
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const joined = body.replace(/=\n/g, '');
    const bytes = joined.replace(/=([0-9A-F]{2})/g, (_m, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}
