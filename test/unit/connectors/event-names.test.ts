import { describe, expect, it } from 'vitest';
import { mapBigQueryRow, type RowPlan } from '../../../connectors/bigquery/map-row.ts';
import { type MappingSettings, mapRow } from '../../../connectors/snowflake/source/row-mapping.ts';
import { createEventNameResolver, wellKnownOrOwn } from '../../../core/connectors/event-names.ts';
import { eventTypeSchema, WELL_KNOWN_EVENT_TYPES } from '../../../core/schema/index.ts';

describe('event names', () => {
  it('are open: any trimmed name up to 200 characters without control characters', () => {
    expect(eventTypeSchema.parse(' report_exported ')).toBe('report_exported');
    expect(eventTypeSchema.parse('Seat Added')).toBe('Seat Added');
    expect(eventTypeSchema.parse('x'.repeat(200))).toHaveLength(200);
    const problem = (name: string) => eventTypeSchema.safeParse(name).error?.issues[0]?.message;
    expect(problem('  ')).toBe('event type is empty');
    expect(problem('x'.repeat(201))).toBe('event type is longer than 200 characters');
    expect(problem('seat\tadded')).toMatch(/^event type contains a control character/);
    expect(WELL_KNOWN_EVENT_TYPES).toHaveLength(17);
  });

  it('map configured labels, then well-known names written loosely, and keep any other label', () => {
    const resolve = createEventNameResolver({
      'Logged in': 'login',
      Export: 'report_exported',
      Seat: 'Page View',
    });
    expect(resolve('Logged in')).toBe('login');
    expect(resolve('logged-in')).toBe('login');
    expect(resolve('Export')).toBe('report_exported');
    expect(resolve('Seat')).toBe('page_view');
    expect(resolve('Page View')).toBe('page_view');
    expect(resolve('EMAIL-OPEN')).toBe('email_open');
    expect(resolve(' integration_connected ')).toBe('integration_connected');
    expect(resolve('LOGIN_V2')).toBe('LOGIN_V2');
    expect(wellKnownOrOwn('Feature Use')).toBe('feature_use');
    expect(wellKnownOrOwn('webinar_attended')).toBe('webinar_attended');
  });

  it('a label exactly a well-known name stays that name even when a mapping loosely matches it', () => {
    const resolve = createEventNameResolver({ Login: 'sign_in' });
    expect(resolve('Login')).toBe('sign_in');
    expect(resolve('login')).toBe('login');
    expect(resolve(' login ')).toBe('login');
  });
});

describe('warehouse sources keep event names', () => {
  it('Snowflake maps configured labels and keeps the rest', () => {
    const settings: MappingSettings = {
      system: 'warehouse',
      kind: 'event',
      objectType: 'events',
      accountObjectType: 'accounts',
      contactObjectType: 'contacts',
      idColumn: 'ID',
      updatedAtColumn: 'OCCURRED_AT',
      columns: {},
      resolveEventType: createEventNameResolver({ 'Logged in': 'login' }),
      properties: [],
    };
    const row = (type: string) => ({ ID: 'E1', OCCURRED_AT: '2026-01-01T10:00:00.000Z', TYPE: type });
    const typeOf = (type: string) => {
      const outcome = mapRow(settings, row(type));
      if (!outcome.ok) throw new Error(outcome.rejected.reason);
      return outcome.record.kind === 'event' ? outcome.record.type : null;
    };
    expect(typeOf('Logged in')).toBe('login');
    expect(typeOf('Page View')).toBe('page_view');
    expect(typeOf('report_exported')).toBe('report_exported');
  });

  it('BigQuery keeps any name and reads loosely written well-known ones', () => {
    const plan: RowPlan = {
      system: 'bq',
      stream: 'events',
      kind: 'event',
      objectType: 'events',
      idColumn: 'id',
      updatedAtColumn: 'occurred_at',
      columns: {},
      properties: [],
      refObjectTypes: { contact: 'contacts', account: 'accounts' },
    };
    const typeOf = (type: string) => {
      const outcome = mapBigQueryRow(plan, { id: 'e1', occurred_at: '2026-01-01T10:00:00.000Z', type });
      if (!outcome.ok) throw new Error(outcome.rejected.reason);
      return outcome.record.kind === 'event' ? outcome.record.type : null;
    };
    expect(typeOf('seat_added')).toBe('seat_added');
    expect(typeOf('Feature Use')).toBe('feature_use');
    const bad = mapBigQueryRow(plan, { id: 'e2', occurred_at: '2026-01-01T10:00:00.000Z', type: 'a\u0000b' });
    expect(bad.ok ? null : bad.rejected.reason).toMatch(
      /column 'type': event type contains a control character/,
    );
  });
});
