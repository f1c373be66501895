import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dealStatusSchema } from '../../../core/schema/deal.ts';
import { isWellKnownEventType } from '../../../core/schema/event.ts';
import { isoInstant } from '../../../core/schema/timestamps.ts';
import { type CsvRow, type GeneratedDemo, generateInTemp } from './support.ts';

/**
 * What the file connector will check: the canonical schema's own rules for each field. Event names
 * are open now, so an event renamed to a name no built-in feature reads ('webinar_attended') is
 * imported under that name rather than quarantined; the generator still writes those rows and
 * counts them as bad, so they are checked here as names outside the well-known list.
 */
const email = z.string().trim().email();
const amount = (value: string | undefined) => value === '' || /^\d+(\.\d+)?$/.test(value ?? '');
const instant = (value: string | undefined) => value === '' || isoInstant.safeParse(value).success;

const validators: Record<string, (row: CsvRow) => boolean> = {
  'accounts.csv': (r) =>
    amount(r.employees) &&
    amount(r.mrr) &&
    amount(r.annual_revenue) &&
    instant(r.created_at) &&
    instant(r.churned_at),
  'contacts.csv': (r) => email.safeParse(r.email).success && instant(r.created_at) && instant(r.updated_at),
  'deals.csv': (r) =>
    amount(r.amount) &&
    dealStatusSchema.safeParse(r.status).success &&
    instant(r.created_at) &&
    instant(r.closed_at),
  'events.csv': (r) =>
    isWellKnownEventType(r.type ?? '') &&
    instant(r.occurred_at) &&
    r.occurred_at !== '' &&
    (r.value === '' || Number.isFinite(Number(r.value))),
  'marketing_contacts.csv': (r) => email.safeParse(r.email).success && instant(r.created_at),
};

const manifestKey: Record<string, 'accounts' | 'contacts' | 'deals' | 'events' | 'marketingContacts'> = {
  'accounts.csv': 'accounts',
  'contacts.csv': 'contacts',
  'deals.csv': 'deals',
  'events.csv': 'events',
  'marketing_contacts.csv': 'marketingContacts',
};

describe('seeded data-quality problems', () => {
  const rate = 0.01;
  let demo: GeneratedDemo;
  const invalid = new Map<string, CsvRow[]>();
  const total = new Map<string, number>();

  beforeAll(async () => {
    demo = await generateInTemp({ contacts: 2000, seed: 9, badRowsRate: rate });
    for (const [file, isValid] of Object.entries(validators)) {
      const rows = await demo.read(file);
      total.set(file, rows.length);
      invalid.set(
        file,
        rows.filter((row) => !isValid(row)),
      );
    }
  });

  afterAll(async () => demo?.cleanup());

  it('breaks exactly the rows the manifest reports, and every one is caught by schema checks', () => {
    for (const file of Object.keys(validators)) {
      const key = manifestKey[file] as keyof typeof demo.summary.manifest.files;
      expect(invalid.get(file)?.length, file).toBe(demo.summary.manifest.files[key].badRows);
    }
  });

  it('respects the requested rate across files', () => {
    const rows = [...total.values()].reduce((a, b) => a + b, 0);
    const bad = [...invalid.values()].reduce((a, b) => a + b.length, 0);
    // Binomial: five standard deviations either side.
    const tolerance = 5 * Math.sqrt(rate * (1 - rate) * rows);
    expect(Math.abs(bad - rate * rows)).toBeLessThan(tolerance);
  });

  it('keeps ids on broken rows so quarantine can name them', () => {
    expect(invalid.get('events.csv')?.every((row) => /^evt_\d+$/.test(row.event_id ?? ''))).toBe(true);
    expect(invalid.get('contacts.csv')?.every((row) => /^con_\d+$/.test(row.contact_id ?? ''))).toBe(true);
    const unknownTypes =
      invalid.get('events.csv')?.filter((row) => !isWellKnownEventType(row.type ?? '')) ?? [];
    expect(unknownTypes.length).toBeGreaterThan(0);
  });

  it('writes no broken rows at rate 0', async () => {
    const clean = await generateInTemp({ contacts: 300, seed: 9, badRowsRate: 0 });
    try {
      for (const [file, isValid] of Object.entries(validators)) {
        expect(
          (await clean.read(file)).filter((row) => !isValid(row)),
          file,
        ).toEqual([]);
      }
      expect(Object.values(clean.summary.manifest.files).every((f) => f.badRows === 0)).toBe(true);
    } finally {
      await clean.cleanup();
    }
  });
});
