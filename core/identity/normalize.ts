/**
 * Identity keys. Two records are the same person when their normalised e-mails are equal, and the
 * same company when their normalised web domains are equal (free-mail domains never identify a
 * company). These keys are the whole of the automatic merge rule, so they are deliberately
 * conservative: a false merge mixes two people's data, a missed one only duplicates a row.
 */

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

export interface EmailNormalization {
  /** Gmail ignores dots and "+tags" in the local part; other providers may not, so only Gmail is folded. */
  readonly gmailDotsAndPlus: boolean;
}

export const defaultEmailNormalization: EmailNormalization = { gmailDotsAndPlus: true };

export function normalizeEmail(
  email: string | null | undefined,
  options: EmailNormalization = defaultEmailNormalization,
): string | null {
  if (!email) return null;
  const trimmed = email.normalize('NFKC').trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return null;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  if (options.gmailDotsAndPlus && GMAIL_DOMAINS.has(domain)) {
    local = local.split('+')[0]!.replaceAll('.', '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

const FREE_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'yandex.ru',
  'mail.ru',
  'qq.com',
]);

/** "https://WWW.Acme.com/pricing" -> "acme.com"; free-mail and malformed domains -> null. */
export function normalizeDomain(domain: string | null | undefined): string | null {
  if (!domain) return null;
  let host = domain.normalize('NFKC').trim().toLowerCase();
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  host = host.split(/[/?#]/)[0]!.split(':')[0]!;
  host = host.replace(/^www\./, '').replace(/\.$/, '');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host)) return null;
  if (FREE_MAIL_DOMAINS.has(host)) return null;
  return host;
}

export function emailIdentityKey(normalizedEmail: string): string {
  return `email:${normalizedEmail}`;
}

export function domainIdentityKey(normalizedDomain: string): string {
  return `domain:${normalizedDomain}`;
}
