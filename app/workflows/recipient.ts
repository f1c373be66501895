import type { Contact } from '../../core/schema/index.ts';
import type { EmailConfig } from '../config/email.ts';

/** Who hears from us first at an account: the person who championed the purchase, then the admin. */
const ROLE_RANK: Readonly<Record<string, number>> = { champion: 0, admin: 1, economic_buyer: 2 };

export type ConsentPolicy = EmailConfig['consent'];

/** Why this contact may not be emailed, or undefined when it may. */
export function consentProblem(contact: Pick<Contact, 'emailOptIn' | 'email'>, policy: ConsentPolicy) {
  if (!contact.email) return 'has no email address';
  if (contact.emailOptIn === false) return 'opted out of email';
  if (contact.emailOptIn !== true && policy === 'explicit_opt_in')
    return 'has not opted in to email (consent policy explicit_opt_in)';
  return undefined;
}

export type RecipientChoice =
  | { readonly contact: Contact & { email: string } }
  | { readonly problem: string };

/**
 * The one contact an account-level email goes to. One person per account keeps "never email
 * anyone twice" meaningful for account sequences and matches how CSMs write to a customer.
 */
export function chooseRecipient(
  contacts: readonly Contact[],
  policy: ConsentPolicy,
  suppressed: (address: string) => string | undefined,
): RecipientChoice {
  if (contacts.length === 0) return { problem: 'no contacts at the account' };
  const problems = new Map<string, number>();
  const eligible: Array<Contact & { email: string }> = [];
  for (const contact of contacts) {
    const problem =
      consentProblem(contact, policy) ?? (contact.email ? suppressed(contact.email) : undefined);
    if (problem === undefined && contact.email) eligible.push({ ...contact, email: contact.email });
    else if (problem !== undefined) problems.set(problem, (problems.get(problem) ?? 0) + 1);
  }
  eligible.sort(
    (a, b) => (ROLE_RANK[a.role ?? ''] ?? 9) - (ROLE_RANK[b.role ?? ''] ?? 9) || a.id.localeCompare(b.id),
  );
  const chosen = eligible[0];
  if (chosen) return { contact: chosen };
  const summary = [...problems].map(([problem, n]) => `${n} ${problem}`).join(', ');
  return { problem: `no contact at the account can be emailed (${summary})` };
}
