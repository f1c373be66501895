/**
 * Deterministic contacts and events files for the import benchmark, written as a stream so that
 * generating a million rows costs no more memory than a buffer.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const FIRST_NAMES = ['Ann', 'Bob', 'Carmen', 'Dmitri', 'Eve', 'Farah', 'Goran', 'Hana', 'Ivan', 'Júlia'];
const LAST_NAMES = ['Lee', 'García', 'Okafor', 'Smith', 'Novak', 'Tanaka', 'Rossi', 'Müller'];
const COUNTRIES = ['ES', 'US', 'DE', 'FR', 'GB', 'NG', 'JP', 'BR'];
const EVENT_TYPES = ['page_view', 'login', 'email_open', 'email_click', 'feature_use', 'Logged in'];
const PAGES = ['/pricing', '/docs', '/blog/scoring', '/signup', '/'];
const START_MS = Date.UTC(2025, 0, 1);

/** Park–Miller generator: tiny, seeded, and identical on every machine. */
class SeededRandom {
  #state: number;
  constructor(seed: number) {
    this.#state = seed % 2_147_483_647 || 1;
  }
  int(limit: number): number {
    this.#state = (this.#state * 48_271) % 2_147_483_647;
    return this.#state % limit;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

export type FixtureFormat = 'csv' | 'jsonl';

async function writeRows(
  path: string,
  header: string | null,
  count: number,
  row: (index: number) => string,
): Promise<void> {
  const out = createWriteStream(path);
  let buffer = header === null ? '' : `${header}\n`;
  for (let index = 0; index < count; index++) {
    buffer += `${row(index)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

export async function writeContacts(
  path: string,
  count: number,
  format: FixtureFormat,
  seed = 7,
): Promise<void> {
  const random = new SeededRandom(seed);
  const contact = (index: number) => {
    const updated = new Date(START_MS + random.int(180 * 86_400) * 1000).toISOString();
    return {
      id: `c${index}`,
      email: `user${index}@example${index % 97}.com`,
      first_name: random.pick(FIRST_NAMES),
      last_name: random.pick(LAST_NAMES),
      country: random.pick(COUNTRIES),
      account_id: `a${index % 5000}`,
      email_opt_in: random.int(2) === 1 ? 'yes' : 'no',
      updated_at: updated,
    };
  };
  if (format === 'jsonl') return writeRows(path, null, count, (index) => JSON.stringify(contact(index)));
  const header = 'id,email,first_name,last_name,country,account_id,email_opt_in,updated_at';
  return writeRows(path, header, count, (index) => Object.values(contact(index)).join(','));
}

export async function writeEvents(
  path: string,
  count: number,
  contacts: number,
  format: FixtureFormat,
  seed = 11,
): Promise<void> {
  const random = new SeededRandom(seed);
  const event = (index: number) => ({
    event_id: `e${index}`,
    contact_id: `c${random.int(contacts)}`,
    type: random.pick(EVENT_TYPES),
    occurred_at: new Date(START_MS + index * 15_000 + random.int(15_000)).toISOString(),
    value: random.int(10),
    page: random.pick(PAGES),
  });
  if (format === 'jsonl') return writeRows(path, null, count, (index) => JSON.stringify(event(index)));
  return writeRows(path, 'event_id,contact_id,type,occurred_at,value,page', count, (index) =>
    Object.values(event(index)).join(','),
  );
}
