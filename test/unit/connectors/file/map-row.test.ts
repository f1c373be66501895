import { describe, expect, it } from 'vitest';
import { CellReaders } from '../../../../connectors/file/cell-readers.ts';
import { type FileStreamConfig, fileConnectorConfigSchema } from '../../../../connectors/file/config.ts';
import { type MapOutcome, mapRow, type RowMapper } from '../../../../connectors/file/map-row.ts';
import { compileStreamPlan } from '../../../../connectors/file/stream-plan.ts';
import { resolveStreamSettings } from '../../../../connectors/file/stream-settings.ts';
import { createEventNameResolver } from '../../../../core/connectors/event-names.ts';

const SNAPSHOT = '2025-06-30T00:00:00.000Z';

function mapperFor(
  stream: Partial<FileStreamConfig> & Pick<FileStreamConfig, 'kind'>,
  header: string[],
): RowMapper {
  const config = fileConnectorConfigSchema.parse({
    type: 'file',
    streams: { accounts: { kind: 'account', path: 'accounts.csv' }, rows: { path: 'rows.csv', ...stream } },
  });
  const settings = resolveStreamSettings('crm_files', config, 'rows', '/data');
  return {
    plan: compileStreamPlan(settings, header, true),
    cells: new CellReaders(settings),
    resolveEventType: createEventNameResolver(settings.eventTypes),
    snapshotTime: SNAPSHOT,
  };
}

function accepted(outcome: MapOutcome): Record<string, unknown> {
  if (!outcome.ok) throw new Error(`expected the row to be accepted, got: ${outcome.reason}`);
  return outcome.record as unknown as Record<string, unknown>;
}

function rejected(outcome: MapOutcome): string {
  if (outcome.ok) throw new Error('expected the row to be rejected');
  return outcome.reason;
}

describe('mapRow: contacts', () => {
  const header = [
    'ID',
    'E-mail',
    'First Name',
    'last_name',
    'account_id',
    'Opt In',
    'updated_at',
    'plan_seats',
    'zip',
  ];
  const mapper = mapperFor(
    { kind: 'contact', columns: { email: 'E-mail' }, properties: ['plan_seats', 'zip'] },
    header,
  );

  it('maps configured and auto-matched columns, references, booleans and properties', () => {
    const record = accepted(
      mapRow(mapper, [
        'c1',
        ' ann@example.com ',
        'Ann',
        'Lee',
        'a9',
        'yes',
        '2025-01-02 10:00',
        '12',
        '01234',
      ]),
    );
    expect(record).toEqual({
      kind: 'contact',
      ref: { system: 'crm_files', objectType: 'rows', externalId: 'c1' },
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
      account: { system: 'crm_files', objectType: 'accounts', externalId: 'a9' },
      emailOptIn: true,
      updatedAt: '2025-01-02T10:00:00.000Z',
      deleted: false,
      properties: { plan_seats: 12, zip: '01234' },
    });
  });

  it('turns empty and missing-token cells into null, and uses the file time when updatedAt is absent', () => {
    const record = accepted(mapRow(mapper, ['c2', 'NULL', '', 'N/A', '', '', '', '', '']));
    expect(record).toMatchObject({
      email: null,
      firstName: null,
      lastName: null,
      account: null,
      emailOptIn: null,
    });
    expect(record.updatedAt).toBe(SNAPSHOT);
    expect(record.properties).toEqual({ plan_seats: null, zip: null });
  });

  it('rejects an invalid e-mail naming the column and the value', () => {
    const reason = rejected(mapRow(mapper, ['c3', 'not-an-email', 'A', 'B', '', '', '', '', '']));
    expect(reason).toMatch(/^column 'E-mail': invalid email address, got 'not-an-email'$/i);
  });

  it('rejects a boolean it cannot read, listing the accepted tokens', () => {
    expect(rejected(mapRow(mapper, ['c4', '', '', '', '', 'maybe', '', '', '']))).toBe(
      "column 'Opt In': expected true/false, got 'maybe' (true: true, yes, y, 1, t; false: false, no, n, 0, f)",
    );
  });

  it('rejects a row without an id', () => {
    expect(rejected(mapRow(mapper, ['', 'a@b.co', '', '', '', '', '', '', '']))).toContain("column 'ID'");
  });
});

describe('mapRow: accounts and deals', () => {
  it('parses numbers strictly and names the column', () => {
    const mapper = mapperFor({ kind: 'account' }, ['id', 'name', 'mrr', 'employees', 'currency', 'status']);
    expect(accepted(mapRow(mapper, ['a1', 'Acme', '1200.50', '40', 'eur', 'Active']))).toMatchObject({
      mrr: 1200.5,
      employees: 40,
      currency: 'EUR',
      status: 'active',
    });
    expect(rejected(mapRow(mapper, ['a1', 'Acme', 'twelve', '40', '', '']))).toBe(
      "column 'mrr': expected a number, got 'twelve'",
    );
    expect(rejected(mapRow(mapper, ['a1', 'Acme', '12,5', '40', '', '']))).toBe(
      "column 'mrr': expected a number, got '12,5' (use '.' for decimals and no thousands separators)",
    );
    expect(rejected(mapRow(mapper, ['a1', 'Acme', '1', '4.5', '', '']))).toBe(
      "column 'employees': expected a whole number, got '4.5'",
    );
    expect(rejected(mapRow(mapper, ['a1', 'Acme', '-3', '4', '', '']))).toMatch(/^column 'mrr': .*got '-3'$/);
    expect(rejected(mapRow(mapper, ['a1', 'Acme', '', '', '', 'zombie']))).toMatch(
      /^column 'status': .*got 'zombie'$/,
    );
  });

  it('maps deal statuses through valueMaps and common closed-won/lost labels, with defaults', () => {
    const mapper = mapperFor(
      {
        kind: 'deal',
        columns: { status: 'Stage' },
        valueMaps: { status: { Negotiation: 'open' } },
        defaults: { currency: 'USD' },
      },
      ['Opportunity ID', 'Stage', 'Amount', 'Close Date', 'email'],
    );
    expect(
      accepted(mapRow(mapper, ['o1', 'Closed Won', '5000', '2025-02-01', 'Bob@Example.com'])),
    ).toMatchObject({
      ref: { externalId: 'o1', objectType: 'rows' },
      status: 'won',
      amount: 5000,
      currency: 'USD',
      closedAt: '2025-02-01T00:00:00.000Z',
      contactEmail: 'Bob@Example.com',
    });
    expect(accepted(mapRow(mapper, ['o2', 'Negotiation', '', '', ''])).status).toBe('open');
    expect(rejected(mapRow(mapper, ['o3', '', '', '', '']))).toBe("column 'Stage': a value is required here");
  });
});

describe('mapRow: events', () => {
  const header = ['contact_id', 'email', 'Event', 'timestamp', 'value', 'page'];
  const mapper = mapperFor(
    { kind: 'event', columns: { type: 'Event' }, eventTypes: { 'Logged in': 'login' }, properties: ['page'] },
    header,
  );

  it('maps labels through eventTypes, loosely written well-known names, and keys events by e-mail', () => {
    const login = accepted(
      mapRow(mapper, ['', 'ann@example.com', 'Logged in', '2025-01-02T03:04:05Z', '', '/']),
    );
    expect(login).toMatchObject({ type: 'login', contactEmail: 'ann@example.com', contact: null });
    expect(accepted(mapRow(mapper, ['c1', '', 'Page View', '1735787045', '2', '/x']))).toMatchObject({
      type: 'page_view',
      contact: { objectType: 'contacts', externalId: 'c1' },
      occurredAt: '2025-01-02T03:04:05.000Z',
      value: 2,
    });
  });

  it('keeps any other label as the source wrote it, trimmed', () => {
    expect(accepted(mapRow(mapper, ['c1', '', ' report_exported ', '2025-01-02', '', ''])).type).toBe(
      'report_exported',
    );
    expect(accepted(mapRow(mapper, ['c1', '', 'Seat Added', '2025-01-02', '', ''])).type).toBe('Seat Added');
    // Near-misses are names of their own: nothing is guessed.
    expect(accepted(mapRow(mapper, ['c1', '', 'Loged in', '2025-01-02', '', ''])).type).toBe('Loged in');
    expect(accepted(mapRow(mapper, ['c1', '', 'page_veiw', '2025-01-02', '', ''])).type).toBe('page_veiw');
    expect(accepted(mapRow(mapper, ['c1', '', 'PageView', '2025-01-02', '', ''])).type).toBe('page_view');
    expect(accepted(mapRow(mapper, ['c1', '', 'logged-in', '2025-01-02', '', ''])).type).toBe('login');
  });

  it('refuses an event name that is too long or holds control characters', () => {
    expect(rejected(mapRow(mapper, ['c1', '', 'x'.repeat(201), '2025-01-02', '', '']))).toMatch(
      /^column 'Event': event type is longer than 200 characters, got 'x{20}/,
    );
    expect(rejected(mapRow(mapper, ['c1', '', 'seat\u0007added', '2025-01-02', '', '']))).toMatch(
      /^column 'Event': event type contains a control character/,
    );
  });

  it('rejects a missing or unreadable timestamp', () => {
    expect(rejected(mapRow(mapper, ['c1', '', 'login', '', '', '']))).toBe(
      "column 'timestamp': a value is required here",
    );
    expect(rejected(mapRow(mapper, ['c1', '', 'login', '02/01/2025', '', '']))).toMatch(
      /^column 'timestamp': expected a timestamp, got '02\/01\/2025' \(ISO 8601/,
    );
  });

  it('derives a stable id from the row content when events have no id column', () => {
    const row = ['c1', '', 'login', '2025-01-02T03:04:05Z', '', '/'];
    const first = accepted(mapRow(mapper, row)).ref as { externalId: string };
    const again = accepted(mapRow(mapper, [...row])).ref as { externalId: string };
    const other = accepted(mapRow(mapper, ['c1', '', 'login', '2025-01-02T03:04:06Z', '', '/'])).ref as {
      externalId: string;
    };
    expect(first.externalId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(again.externalId).toBe(first.externalId);
    expect(other.externalId).not.toBe(first.externalId);

    const reordered = mapperFor(
      {
        kind: 'event',
        columns: { type: 'Event' },
        eventTypes: { 'Logged in': 'login' },
        properties: ['page'],
      },
      ['page', 'value', 'timestamp', 'Event', 'email', 'contact_id'],
    );
    const fromReordered = accepted(mapRow(reordered, [...row].reverse())).ref as { externalId: string };
    expect(fromReordered.externalId).toBe(first.externalId);
  });
});

describe('compileStreamPlan errors', () => {
  it('names a configured column missing from the file, with a suggestion and the columns present', () => {
    expect(() =>
      mapperFor({ kind: 'contact', columns: { email: 'Email Adress' } }, ['id', 'Email Address']),
    ).toThrow(
      "rows.csv (stream \"rows\"): column 'Email Adress' (for email) is not in the file (did you mean 'Email Address'?). Columns in the file: id, Email Address",
    );
  });

  it('requires an id column for entities and the type and time for events', () => {
    expect(() => mapperFor({ kind: 'account' }, ['name', 'domain'])).toThrow(/no id column/);
    expect(() => mapperFor({ kind: 'event' }, ['type', 'when'])).toThrow(/required field 'occurredAt'/);
    expect(() => mapperFor({ kind: 'event', defaults: { type: 'login' } }, ['occurred_at'])).not.toThrow();
  });

  it('refuses a field matched by two columns', () => {
    expect(() => mapperFor({ kind: 'contact' }, ['id', 'first_name', 'FirstName'])).toThrow(
      /several columns match firstName/,
    );
  });
});
