import type { Random } from '../random.ts';
import { columns, type DemoFileKey } from './columns.ts';

/**
 * Seeds the data-quality problems real exports have (a mistyped number, a broken address, a time
 * nobody can read) so the demo shows the file connector quarantining them. A corrupted row keeps its
 * ids, so the quarantine report can name the record. Some events are renamed to names no built-in
 * feature reads ('webinar_attended'): events keep their own names now, so those rows are imported
 * under that name rather than quarantined, though the manifest still counts them as bad rows (the
 * generated files must stay the same).
 */

type Corruption = (rng: Random, original: string) => string;

interface CorruptibleField {
  readonly column: string;
  readonly corrupt: Corruption;
}

const badNumber: Corruption = (rng, original) =>
  rng.pick([
    `${original || '1200'}.5.0`,
    'n/a',
    `${(original || '1200').replace(/0/g, 'O')}O`,
    'twelve hundred',
    '€ 1.200,00',
  ]);

const badInstant: Corruption = (rng) =>
  rng.pick(['2026-13-45T10:00:00Z', 'yesterday', '31/02/2026 25:61', '0000-00-00']);

const badEmail: Corruption = (rng, original) => {
  const [local = 'someone', domain = 'example.com'] = original.trim().split('@');
  return rng.pick([
    `${local}@${domain.split('.')[0]}`,
    `${local}.${domain}`,
    `${local} @${domain}`,
    `${local}@@${domain}`,
  ]);
};

const unknownEventType: Corruption = (rng) =>
  rng.pick(['webinar_attended', 'push_opened', 'LOGIN_V2', 'sms_sent', 'chat_started']);

const fieldsByFile: Readonly<Record<Exclude<DemoFileKey, 'truth'>, readonly CorruptibleField[]>> = {
  accounts: [
    { column: 'mrr', corrupt: badNumber },
    { column: 'employees', corrupt: badNumber },
    { column: 'created_at', corrupt: badInstant },
  ],
  contacts: [
    { column: 'email', corrupt: badEmail },
    { column: 'email', corrupt: badEmail },
    { column: 'created_at', corrupt: badInstant },
  ],
  deals: [
    { column: 'amount', corrupt: badNumber },
    { column: 'status', corrupt: (rng) => rng.pick(['pending', 'WON!', 'maybe']) },
    { column: 'created_at', corrupt: badInstant },
  ],
  events: [
    { column: 'type', corrupt: unknownEventType },
    { column: 'type', corrupt: unknownEventType },
    { column: 'occurred_at', corrupt: badInstant },
  ],
  marketingContacts: [
    { column: 'email', corrupt: badEmail },
    { column: 'created_at', corrupt: badInstant },
  ],
};

export type CorruptibleFile = keyof typeof fieldsByFile;

export class BadRowInjector {
  private readonly rng: Random;
  private readonly rate: number;
  readonly counts: Record<CorruptibleFile, number> = {
    accounts: 0,
    contacts: 0,
    deals: 0,
    events: 0,
    marketingContacts: 0,
  };

  constructor(rng: Random, rate: number) {
    this.rng = rng;
    this.rate = rate;
  }

  /** With probability `rate`, breaks one field of `row` in place. Returns whether it did. */
  maybeCorrupt(file: CorruptibleFile, row: string[]): boolean {
    if (this.rate <= 0 || !this.rng.chance(this.rate)) return false;
    const field = this.rng.pick(fieldsByFile[file]);
    const index = (columns[file] as readonly string[]).indexOf(field.column);
    row[index] = field.corrupt(this.rng, row[index] ?? '');
    this.counts[file]++;
    return true;
  }
}
