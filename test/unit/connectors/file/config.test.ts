import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fileConnectorConfigSchema } from '../../../../connectors/file/config.ts';
import { FileSourceConnector } from '../../../../connectors/file/file-source.ts';
import { connectorConfigSchema, createSourceConnector } from '../../../../connectors/registry.ts';

const example = {
  type: 'file',
  baseDir: 'data',
  timezone: 'Europe/Madrid',
  streams: {
    contacts: { kind: 'contact', path: 'contacts.csv', columns: { email: 'E-mail' }, properties: ['*'] },
    events: {
      kind: 'event',
      path: 'events.jsonl',
      eventTypes: { 'Logged in': 'login' },
      dateFormat: 'DD/MM/YYYY HH:mm',
      missing: ['', '-'],
    },
  },
};

function issues(input: unknown): string[] {
  const result = fileConnectorConfigSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('fileConnectorConfigSchema', () => {
  it('accepts a full example', () => {
    expect(issues(example)).toEqual([]);
  });

  it('names an unknown canonical field and suggests the closest', () => {
    const bad = {
      ...example,
      streams: { contacts: { kind: 'contact', path: 'c.csv', columns: { emial: 'E-mail' } } },
    };
    expect(issues(bad)).toEqual([
      expect.stringMatching(
        /^streams\.contacts\.columns\.emial: "emial" is not a contact field \(did you mean "email"\?\)/,
      ),
    ]);
  });

  it('maps event labels to any name, well-known or not', () => {
    const events = { kind: 'event', path: 'e.csv' };
    expect(
      issues({ type: 'file', streams: { e: { ...events, eventTypes: { x: 'logged_in', y: 'login' } } } }),
    ).toEqual([]);
  });

  it('rejects unknown keys, unusable event names, zones and date formats', () => {
    expect(issues({ ...example, extra: 1 })).toHaveLength(1);
    const events = { kind: 'event', path: 'e.csv' };
    expect(issues({ type: 'file', streams: { e: { ...events, eventTypes: { x: ' ' } } } })).toEqual([
      'streams.e.eventTypes.x: event type is empty',
    ]);
    expect(issues({ type: 'file', streams: { e: { ...events, timezone: 'Mars/Base' } } })[0]).toMatch(
      /unknown IANA time zone/,
    );
    expect(issues({ type: 'file', streams: { e: { ...events, dateFormat: 'DD/MM' } } })[0]).toMatch(
      /no year token/,
    );
    expect(issues({ type: 'file', streams: {} })[0]).toMatch(/at least one stream/);
  });

  it('produces a JSON Schema with the field descriptions for editors', () => {
    const schema = z.toJSONSchema(connectorConfigSchema, { io: 'input' }) as Record<string, unknown>;
    const text = JSON.stringify(schema);
    expect(text).toContain('Canonical field -> source column');
    expect(text).toContain('"file"');
  });
});

describe('connector registry', () => {
  it('creates a file connector from its config and lists its streams', () => {
    const config = connectorConfigSchema.parse(example);
    const connector = createSourceConnector('crm_files', config, { configDir: '/etc/scorebridge' });
    expect(connector).toBeInstanceOf(FileSourceConnector);
    expect(connector.streams()).toEqual([
      { name: 'contacts', kind: 'contact' },
      { name: 'events', kind: 'event' },
    ]);
    expect((connector as FileSourceConnector).settings('contacts').file).toBe(
      '/etc/scorebridge/data/contacts.csv',
    );
    expect((connector as FileSourceConnector).settings('events')).toMatchObject({
      format: 'jsonl',
      timezone: 'Europe/Madrid',
    });
  });

  it('refuses a connector name that cannot be a source system', () => {
    const config = connectorConfigSchema.parse(example);
    expect(() => createSourceConnector('CRM-Files', config, { configDir: '/' })).toThrow(/lower-case/);
  });
});
