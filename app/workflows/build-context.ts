import type { Account, Contact } from '../../core/schema/index.ts';
import type { EntityContextInput } from '../../workflows/engine/index.ts';
import type { Suppression } from '../../workflows/suppression/index.ts';
import { exitFacts } from './entity-facts.ts';
import type { EntitySnapshot } from './entity-snapshot.ts';
import { type ConsentPolicy, chooseRecipient, consentProblem } from './recipient.ts';
import type { ScoreState } from './score-state.ts';

export interface ContextInputs {
  readonly snapshot: EntitySnapshot;
  readonly scores: Readonly<Record<string, ScoreState>>;
  /** Start of the entity's earliest active enrollment; exit facts count from here. */
  readonly enrolledSince: Date | null;
  readonly now: Date;
  readonly consent: ConsentPolicy;
  readonly suppressionOf: (address: string) => Suppression | undefined;
  /** Addresses the entity's workflow emails were queued for. */
  readonly emailedAddresses: ReadonlySet<string>;
  /** Event types `on: event` triggers name; their recent events go into the context. */
  readonly triggerTypes: ReadonlySet<string>;
}

/** Fields audience and exit expressions can read, e.g. `account.status`, `contact.role`, `scores.churn_risk.value`. */
function expressionRecord(account: Account | null, contact: Contact | null, scores: ContextInputs['scores']) {
  return {
    account: account && {
      id: account.id,
      name: account.name,
      domain: account.domain,
      industry: account.industry,
      employees: account.employees,
      plan: account.plan,
      mrr: account.mrr,
      country: account.country,
      status: account.status,
      ownerId: account.ownerId,
      ...account.properties,
    },
    contact: contact && {
      id: contact.id,
      firstName: contact.firstName,
      title: contact.title,
      role: contact.role,
      country: contact.country,
      lifecycleStage: contact.lifecycleStage,
      emailOptIn: contact.emailOptIn,
      ...contact.properties,
    },
    scores: Object.fromEntries(
      Object.entries(scores).map(([model, s]) => [model, { value: s.value, tier: s.tier }]),
    ),
  };
}

/**
 * The engine's view of one entity: scores with their previous tier, exit facts, the one recipient
 * consent and the suppression list allow, and that person's time zone. Pure: the caller reads the store.
 */
export function buildEntityContext(inputs: ContextInputs): EntityContextInput {
  const { snapshot, enrolledSince, now } = inputs;
  const suppressedReason = (address: string) => {
    const entry = inputs.suppressionOf(address);
    return entry === undefined ? undefined : `suppressed (${entry.reason})`;
  };
  const choice =
    snapshot.entity.type === 'account'
      ? chooseRecipient(snapshot.contacts, inputs.consent, suppressedReason)
      : (() => {
          const contact = snapshot.contacts[0];
          if (contact === undefined) return { problem: 'contact not found' };
          const problem =
            consentProblem(contact, inputs.consent) ??
            (contact.email ? suppressedReason(contact.email) : undefined);
          return problem === undefined && contact.email
            ? { contact: { ...contact, email: contact.email } }
            : { problem: problem ?? 'has no email address' };
        })();
  // Replies and meetings from anyone at the account mean it re-engaged; unsubscribes and bounces
  // end the play only when they concern an address this entity's emails went to.
  const emailed = new Set([...inputs.emailedAddresses].map((address) => address.toLowerCase()));
  const emailedContacts = new Set(
    snapshot.contacts.filter((c) => c.email && emailed.has(c.email.toLowerCase())).map((c) => c.id),
  );
  const consentEvents = new Set(['email_unsubscribe', 'email_bounce']);
  const relevant = snapshot.events.filter(
    (event) =>
      !consentEvents.has(event.type) || (event.contactId !== null && emailedContacts.has(event.contactId)),
  );
  const facts = exitFacts(relevant, { since: enrolledSince, now });
  // A suppression recorded after the enrollment started (bounce seen by our own SMTP relay,
  // unsubscribe link clicked) ends it just like the synced event would.
  if (enrolledSince !== null)
    for (const address of emailed) {
      const entry = inputs.suppressionOf(address);
      if (entry === undefined || Date.parse(entry.suppressedAt) < enrolledSince.getTime()) continue;
      if (entry.reason === 'bounce') facts.bounce = true;
      else facts.unsubscribe = true;
    }
  const recipient = 'contact' in choice ? choice.contact : null;
  return {
    entity: snapshot.entity,
    scores: Object.fromEntries(
      Object.entries(inputs.scores).map(([model, s]) => [
        model,
        {
          value: s.value,
          tier: s.tier,
          previousTier: s.previousTier,
          previousValue: s.previousValue,
          scoredAt: s.scoredAt,
          asOf: s.asOf,
        },
      ]),
    ),
    facts,
    events: snapshot.events
      .filter((event) => inputs.triggerTypes.has(event.type))
      .map((event) => ({ id: String(event.id), type: event.type, occurredAt: event.occurredAt })),
    record: expressionRecord(snapshot.account, recipient ?? snapshot.contacts[0] ?? null, inputs.scores),
    ...(recipient ? { email: recipient.email } : {}),
    timeZone: recipient?.timezone ?? null,
  };
}

/** Why an entity has no recipient, for plan and the step's skip reason. */
export function recipientProblem(
  inputs: Pick<ContextInputs, 'snapshot' | 'consent' | 'suppressionOf'>,
): string | undefined {
  if (inputs.snapshot.entity.type !== 'account') return undefined;
  const choice = chooseRecipient(inputs.snapshot.contacts, inputs.consent, (address) => {
    const entry = inputs.suppressionOf(address);
    return entry === undefined ? undefined : `suppressed (${entry.reason})`;
  });
  return 'problem' in choice ? choice.problem : undefined;
}
