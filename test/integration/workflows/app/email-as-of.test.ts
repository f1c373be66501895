import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedConfig, loadConfig } from '../../../../app/config/index.ts';
import { openRuntime } from '../../../../app/runtime.ts';
import { openWorkflowEngine } from '../../../../app/workflows/open-session.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { silentLogger } from '../../../../core/logger.ts';
import type { Score, Tier } from '../../../../core/schema/index.ts';
import { runSync } from '../../../../core/sync/run-sync.ts';
import { header, type ParsedMail, parseMail, partBody } from '../email/mime.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const DAY = 86_400_000;
/** The scores describe the data as of this instant: the newest data the store holds. */
const AS_OF = '2026-10-01T00:00:00.000Z';
/** The workflow runs a month later (a Monday inside the 09:00-17:00 UTC send window). */
const NOW = '2026-11-02T10:00:00.000Z';

const ACCOUNTS = [
  // id, company, contact, tier, days between the last login and AS_OF
  { id: 'a1', name: 'Northwind', first: 'Ana', email: 'ana@northwind.example', tier: 'medium', lastLogin: 1 },
  { id: 'a2', name: 'Globex', first: 'Gus', email: 'gus@globex.example', tier: 'medium', lastLogin: 40 },
  { id: 'a3', name: 'Initech', first: 'Ida', email: 'ida@initech.example', tier: 'low', lastLogin: 1 },
  { id: 'a4', name: 'Umbrella', first: 'Uma', email: 'uma@umbrella.example', tier: 'high', lastLogin: 1 },
] as const;

function eventsFor(account: (typeof ACCOUNTS)[number]): string[] {
  const asOf = Date.parse(AS_OF);
  const lines: string[] = [];
  // A login every day for the 50 days up to the last one, and a report every other of those days.
  for (let day = 0; day < 50; day += 1) {
    const at = asOf - (account.lastLogin + day) * DAY + 15 * 3_600_000;
    lines.push(
      JSON.stringify({
        id: `${account.id}-l${day}`,
        email: account.email,
        type: 'login',
        at: new Date(at).toISOString(),
      }),
    );
    if (day % 2 === 0)
      lines.push(
        JSON.stringify({
          id: `${account.id}-f${day}`,
          email: account.email,
          type: 'feature_use',
          at: new Date(at + 60_000).toISOString(),
        }),
      );
  }
  return lines;
}

/** The account's churn score; `entityId` is its canonical id (the store mints its own). */
function churnScore(account: (typeof ACCOUNTS)[number], entityId: string): Score {
  const value = { low: 12, medium: 55, high: 85 }[account.tier as Tier];
  return {
    entityType: 'account',
    entityId,
    model: 'churn_risk',
    kind: 'churn',
    modelVersion: '1',
    probability: value / 100,
    value,
    tier: account.tier as Tier,
    reasons: [
      {
        feature: 'days_since_last_login',
        direction: 'down',
        points: -4,
        text: `no login for ${account.lastLogin} ${account.lastLogin === 1 ? 'day' : 'days'}`,
      },
    ],
    computedAt: new Date(Date.parse(NOW) - 3_600_000).toISOString(),
    asOf: AS_OF,
  };
}

describe('retention emails through the real workflow path, numbers as of the scores', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-email-as-of-'));
  const clock = new FixedClock(NOW);
  let loaded: LoadedConfig;
  const mails = new Map<string, ParsedMail>();
  let payloadAsOf: string[] = [];

  beforeAll(async () => {
    // The shipped playbook and emails, unchanged.
    mkdirSync(path.join(dir, 'workflows'));
    cpSync(
      path.join(REPO_ROOT, 'config/workflows/retention.yaml'),
      path.join(dir, 'workflows/retention.yaml'),
    );
    cpSync(path.join(REPO_ROOT, 'config/templates'), path.join(dir, 'templates'), { recursive: true });
    writeFileSync(
      path.join(dir, 'accounts.csv'),
      `account_id,name,domain,status,plan,mrr\n${ACCOUNTS.map((a) => `${a.id},${a.name},${a.name.toLowerCase()}.example,active,pro,900`).join('\n')}\n`,
    );
    writeFileSync(
      path.join(dir, 'contacts.csv'),
      `contact_id,account_id,email,first_name,timezone,email_opt_in\n${ACCOUNTS.map((a) => `c-${a.id},${a.id},${a.email},${a.first},UTC,true`).join('\n')}\n`,
    );
    writeFileSync(path.join(dir, 'events.jsonl'), `${ACCOUNTS.flatMap(eventsFor).join('\n')}\n`);
    writeFileSync(
      path.join(dir, 'scorebridge.yaml'),
      `version: 1
store: { path: store.db }
connectors:
  crm_files:
    type: file
    baseDir: .
    streams:
      accounts: { kind: account, path: accounts.csv, id: account_id }
      contacts: { kind: contact, path: contacts.csv, id: contact_id }
      events: { kind: event, path: events.jsonl, id: id, columns: { contactEmail: email, occurredAt: at } }
workflows: { dir: workflows, templates: templates }
email:
  from: { address: success@acme-analytics.example, name: Acme Analytics Customer Success }
  transport: { type: dry_run, dir: emails }
  unsubscribe: { url: https://scorebridge.acme-analytics.example/v1/unsubscribe }
  content:
    product: Acme Analytics
    loginUrl: https://app.acme-analytics.example/login
    helpUrl: https://help.acme-analytics.example
    company: Acme Analytics Inc.
    postalAddress: "548 Market St #12345, San Francisco, CA 94104, USA"
    saveOffer: two months at 20 % off when you renew for a year
  csms:
    - { id: jordan, name: Jordan Lee, email: jordan.lee@acme-analytics.example }
`,
    );
    loaded = await loadConfig(path.join(dir, 'scorebridge.yaml'), {});
    const runtime = await openRuntime(loaded, clock, silentLogger());
    try {
      await runSync({ store: runtime.store, connectors: runtime.connectors, clock, logger: silentLogger() });
      const idOf = new Map(
        (
          runtime.store.database.prepare('SELECT id, name FROM accounts').all() as Array<{
            id: string;
            name: string;
          }>
        ).map((row) => [row.name, row.id]),
      );
      await runtime.store.saveScores(ACCOUNTS.map((account) => churnScore(account, idOf.get(account.name)!)));
    } finally {
      await runtime.close();
    }
    const session = await openWorkflowEngine(loaded, {
      clock,
      logger: silentLogger(),
      sleep: async () => {},
      env: {},
    });
    try {
      await session.engine.runOnce('test');
      payloadAsOf = (
        session.store.database
          .prepare(`SELECT json_extract(payload, '$.asOf') AS asOf FROM outbox WHERE kind = 'email'`)
          .all() as Array<{ asOf: string }>
      ).map((row) => row.asOf);
    } finally {
      await session.close();
    }
    for (const file of readdirSync(path.join(dir, 'emails'))) {
      const mail = parseMail(readFileSync(path.join(dir, 'emails', file), 'utf8'));
      mails.set(header(mail, 'to')!, mail);
    }
  }, 60_000);

  afterAll(() => undefined);

  const text = (email: string) => partBody(mails.get(email)!, 'text/plain');
  const html = (email: string) => partBody(mails.get(email)!, 'text/html');

  it('sends one day-0 email per account, recording the scores as-of in the outbox', () => {
    expect([...mails.keys()].sort()).toEqual(ACCOUNTS.map((a) => a.email).sort());
    expect(payloadAsOf).toEqual(ACCOUNTS.map(() => AS_OF));
  });

  it('does not tell an account active the day before the scores that it has gone quiet', () => {
    const mail = mails.get('ana@northwind.example')!;
    expect(header(mail, 'subject')).toBe('How is Acme Analytics working for Northwind?');
    const body = text('ana@northwind.example');
    expect(body).toContain('Your team last logged in yesterday');
    expect(body).toContain('in the 90 days to Oct 1, 2026');
    for (const part of [body, html('ana@northwind.example')])
      expect(part).not.toMatch(/nobody|haven't used|noticed|days ago|inactive/i);
  });

  it('counts inactivity up to the scores as-of, not up to the send', () => {
    // 40 days as of the scores; counted to the send it would be 72.
    expect(text('gus@globex.example')).toContain('We noticed nobody at Globex has logged in for 40 days.');
    expect(header(mails.get('gus@globex.example')!, 'subject')).toBe(
      'Is everything all right with Acme Analytics? Nobody at Globex has logged in for 40 days',
    );
  });

  it('gives the low tier value and education, the high tier a save play', () => {
    const low = text('ida@initech.example');
    expect(header(mails.get('ida@initech.example')!, 'subject')).toBe(
      'What Acme Analytics did for Initech lately',
    );
    // 25 reports in the 90 days before the as-of (every other day of 50).
    expect(low).toContain('- Reports run: 25');
    expect(low).toContain('Three ways teams like yours get even more from it');
    expect(low).not.toMatch(/noticed|nobody|everything all right|haven't/i);
    const high = text('uma@umbrella.example');
    expect(high).toContain('a written action plan');
    expect(high).toContain('To make it worth your while: two months at 20 % off when you renew for a year.');
    expect(high).not.toMatch(/nobody/i);
  });
});
