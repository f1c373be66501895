import { seededRandom } from '../faults.ts';
import type { OrgState } from '../org-state.ts';
import type { FieldValue } from '../values.ts';

export interface SyntheticSeedOptions {
  readonly accounts: number;
  readonly contacts: number;
  /** Activities: calls and e-mails become Tasks, meetings Events (about 85% / 15%). */
  readonly activities: number;
  readonly seed: number;
  /** First SystemModstamp; records are stamped over the following `spanDays`. */
  readonly startMs: number;
  readonly spanDays?: number;
  /** Records sharing each second, to reproduce mass updates that tie on SystemModstamp. */
  readonly tieGroup?: number;
}

export interface SyntheticSeedSummary {
  readonly accountIds: readonly string[];
  readonly contactIds: readonly string[];
  readonly tasks: number;
  readonly events: number;
}

const DAY_MS = 86_400_000;
const CHUNK = 50_000;

/**
 * Loads a large, regular org quickly for benchmarks: accounts, contacts spread over them and
 * activities spread over the contacts, with deterministic values for a seed. Demo realism is
 * traded for speed (`seedSalesforceFromDemo` is the realistic seeder).
 */
export function seedSalesforceSynthetic(
  state: OrgState,
  options: SyntheticSeedOptions,
): SyntheticSeedSummary {
  const random = seededRandom(options.seed);
  const span = (options.spanDays ?? 365) * DAY_MS;
  const tie = Math.max(1, options.tieGroup ?? 1);
  const stamp = (index: number, total: number) =>
    options.startMs + Math.floor((Math.floor(index / tie) * tie * span) / Math.max(1, total));
  const accounts: Record<string, FieldValue>[] = [];
  for (let index = 0; index < options.accounts; index++) {
    accounts.push({
      Name: `Synthetic Account ${index + 1}`,
      Website: `https://www.account${index + 1}.example`,
      Type: random() < 0.7 ? 'Customer' : 'Prospect',
      NumberOfEmployees: 10 + Math.floor(random() * 5000),
      SystemModstamp: stamp(index, options.accounts),
    });
  }
  const accountIds = state.load('Account', accounts);
  const contacts: Record<string, FieldValue>[] = [];
  for (let index = 0; index < options.contacts; index++) {
    const account = index % Math.max(1, accountIds.length);
    contacts.push({
      AccountId: accountIds[account] ?? null,
      FirstName: `First${index + 1}`,
      LastName: `Last${index + 1}`,
      Email: `person${index + 1}@account${account + 1}.example`,
      Title: random() < 0.3 ? 'VP Sales' : 'Manager',
      HasOptedOutOfEmail: random() < 0.05,
      SystemModstamp: stamp(index, options.contacts),
    });
  }
  const contactIds = state.load('Contact', contacts);
  let tasks: Record<string, FieldValue>[] = [];
  let events: Record<string, FieldValue>[] = [];
  let taskCount = 0;
  let eventCount = 0;
  // Loaded in chunks so the staging arrays stay small next to the org's own rows.
  const flush = () => {
    taskCount += state.load('Task', tasks).length;
    eventCount += state.load('Event', events).length;
    tasks = [];
    events = [];
  };
  for (let index = 0; index < options.activities; index++) {
    if (tasks.length + events.length >= CHUNK) flush();
    const contact = Math.floor(random() * contactIds.length);
    const at = stamp(index, options.activities);
    const base = {
      WhoId: contactIds[contact] ?? null,
      WhatId: contacts[contact]?.AccountId ?? null,
      CreatedDate: at,
      SystemModstamp: at,
    };
    const kind = random();
    if (kind < 0.15) {
      events.push({
        ...base,
        Subject: 'Meeting',
        Type: 'Meeting',
        StartDateTime: at,
        DurationInMinutes: 30,
        IsAllDayEvent: false,
      });
    } else {
      const call = kind < 0.5;
      tasks.push({
        ...base,
        Subject: call ? 'Call' : 'Email',
        TaskSubtype: call ? 'Call' : 'Email',
        Type: call ? 'Call' : 'Email',
        Status: 'Completed',
        Priority: 'Normal',
        CompletedDateTime: at,
        ...(call ? { CallDurationInSeconds: 60 + Math.floor(random() * 1200) } : {}),
      });
    }
  }
  flush();
  return { accountIds, contactIds, tasks: taskCount, events: eventCount };
}
