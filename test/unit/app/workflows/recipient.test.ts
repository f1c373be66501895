import { describe, expect, it } from 'vitest';
import { chooseRecipient, consentProblem } from '../../../../app/workflows/recipient.ts';
import type { Contact } from '../../../../core/schema/index.ts';

function contact(id: string, overrides: Partial<Contact>): Contact {
  return {
    id,
    email: `${id}@acme.example`,
    emailNormalized: `${id}@acme.example`,
    firstName: id,
    lastName: null,
    title: null,
    role: null,
    phone: null,
    timezone: null,
    country: null,
    city: null,
    lifecycleStage: null,
    ownerId: null,
    accountId: 'a1',
    emailOptIn: true,
    properties: {},
    sources: [],
    createdAt: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
    deletedAt: null,
    mergedInto: null,
    ...overrides,
  };
}

describe('recipient of an account email', () => {
  it('prefers the champion, then the admin', () => {
    const people = [
      contact('user', { role: 'user' }),
      contact('admin', { role: 'admin' }),
      contact('champ', { role: 'champion' }),
    ];
    expect(chooseRecipient(people, 'explicit_opt_in', () => undefined)).toMatchObject({
      contact: { id: 'champ' },
    });
    expect(chooseRecipient(people.slice(0, 2), 'explicit_opt_in', () => undefined)).toMatchObject({
      contact: { id: 'admin' },
    });
  });

  it('skips people without consent or on the suppression list, and says why when nobody is left', () => {
    const people = [
      contact('optout', { role: 'champion', emailOptIn: false }),
      contact('unknown', { role: 'admin', emailOptIn: null }),
      contact('gone', { emailOptIn: true }),
    ];
    const suppressed = (address: string) => (address.startsWith('gone') ? 'suppressed (bounce)' : undefined);
    const choice = chooseRecipient(people, 'explicit_opt_in', suppressed);
    expect(choice).toEqual({
      problem:
        'no contact at the account can be emailed (1 opted out of email, 1 has not opted in to email (consent policy explicit_opt_in), 1 suppressed (bounce))',
    });
    expect(chooseRecipient(people, 'unless_opted_out', suppressed)).toMatchObject({
      contact: { id: 'unknown' },
    });
  });

  it('never treats an explicit opt-out as consent under either policy', () => {
    expect(consentProblem({ email: 'a@b.example', emailOptIn: false }, 'unless_opted_out')).toBe(
      'opted out of email',
    );
    expect(consentProblem({ email: null, emailOptIn: true }, 'unless_opted_out')).toBe(
      'has no email address',
    );
  });
});
