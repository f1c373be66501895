import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContexts } from '../../../../app/workflows/load-contexts.ts';
import { openWorkflowEngine, type WorkflowSession } from '../../../../app/workflows/open-session.ts';
import { planWorkflows } from '../../../../app/workflows/plan-workflows.ts';
import type { WorkflowEngine, WorkflowRunSummary } from '../../../../app/workflows/workflow-engine.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { silentLogger } from '../../../../core/logger.ts';
import { deterministicMessageId } from '../../../../workflows/email/index.ts';
import { suppress, suppressionOf, verifyUnsubscribeToken } from '../../../../workflows/suppression/index.ts';
import { churnScores, type E2eWorld, startWorld, syncAll, UNSUBSCRIBE_SECRET } from './harness.ts';
import { headerOf, startScriptedSmtp } from './scripted-smtp.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 15:00 UTC: inside 09:00-17:00 in Europe and the US East/Central, before it on the US West coast. */
const T0 = '2026-11-02T15:00:00.000Z';

type Session = WorkflowSession & { engine: WorkflowEngine };

describe('default retention workflow, end to end: sandbox CRMs + real SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startScriptedSmtp>>;
  let world: E2eWorld;
  let session: Session;
  const clock = new FixedClock(T0);
  const runs: WorkflowRunSummary[] = [];
  let retried = '';
  let bounced = '';

  const db = () => session.store.database;
  const rows = <T>(sql: string, ...params: Array<string | number>) =>
    db()
      .prepare(sql)
      .all(...params) as unknown as T[];
  const run = async () => {
    const summary = await session.engine.runOnce('test');
    runs.push(summary);
    return summary;
  };
  const emailRows = () =>
    rows<{
      id: number;
      key: string;
      state: string;
      to: string;
      entity: string;
      template: string;
      attempts: number;
    }>(
      `SELECT id, idempotency_key AS key, state, attempts, json_extract(payload, '$.to') AS "to",
              json_extract(payload, '$.entity.id') AS entity, json_extract(payload, '$.template') AS template
       FROM outbox WHERE kind = 'email' ORDER BY id`,
    );
  const enrollment = (accountId: string) =>
    rows<{ state: string; exit_reason: string | null; tier: string }>(
      `SELECT state, exit_reason, tier FROM enrollments WHERE entity_id = ? ORDER BY id DESC LIMIT 1`,
      accountId,
    )[0];
  const addEvents = async (events: Array<{ id: string; email: string; type: string; at: string }>) => {
    appendFileSync(world.eventsFile, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    await session.close();
    await syncAll(world, clock);
    session = await open();
  };
  const open = () =>
    openWorkflowEngine(world.loaded, {
      clock,
      logger: silentLogger(),
      sleep: async () => {},
      env: world.env,
      random: () => 0.5,
    });

  beforeAll(async () => {
    smtp = await startScriptedSmtp();
    world = await startWorld(mkdtempSync(path.join(tmpdir(), 'sb-e2e-')), smtp.port, 400);
    await syncAll(world, clock);
    session = await open();
    const accounts = rows<{ id: string }>(`SELECT id FROM accounts WHERE status = 'active' ORDER BY id`).map(
      (r) => r.id,
    );
    await session.store.saveScores(churnScores(accounts, T0, (i) => (i * 37) % 100));
    // Script the SMTP answers for two recipients the first run will email (in their send window
    // now, in a tier that gets email): one mailbox busy once (451), one that does not exist (550).
    const plan = await planWorkflows({
      store: session.store,
      setup: session.setup,
      consent: 'unless_opted_out',
      csms: [],
      asOf: clock.now(),
    });
    const emailed = plan.filter(
      (entry) => entry.status === 'would_enroll' && !entry.reasons[0]!.includes('high'),
    );
    const contexts = await loadContexts(
      session.store,
      db(),
      emailed.map((entry) => entry.entity),
      {
        now: clock.now(),
        consent: 'unless_opted_out',
        tierModels: session.setup.tierModels,
      },
    );
    const localHour = (zone: string) =>
      Number(
        new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(
          clock.now(),
        ),
      );
    const recipients = [...contexts.values()]
      .filter(
        (context) =>
          context.email &&
          context.timeZone &&
          localHour(context.timeZone) >= 9 &&
          localHour(context.timeZone) < 17,
      )
      .map((context) => context.email!);
    expect(recipients.length).toBeGreaterThan(4);
    retried = recipients[0]!.toLowerCase();
    bounced = recipients[1]!.toLowerCase();
    smtp.script(retried, [451]);
    smtp.script(bounced, [550]);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await world?.sandbox.close();
    await smtp?.close();
  });

  it('enrolls every active account in the play for its tier and runs its first steps', async () => {
    const summary = await run();
    const tiers = rows<{ tier: string; n: number }>(
      `SELECT tier, COUNT(*) AS n FROM enrollments GROUP BY tier ORDER BY tier`,
    );
    expect(tiers.map((t) => t.tier)).toEqual(['high', 'low', 'medium']);
    expect(summary.enrolled).toBe(tiers.reduce((sum, t) => sum + Number(t.n), 0));

    // CRM side: the tier field on every enrolled company, tasks and a CSM for medium and high.
    const outbox = rows<{ kind: string; state: string; n: number }>(
      `SELECT kind, state, COUNT(*) AS n FROM outbox WHERE kind != 'email' GROUP BY kind, state`,
    );
    expect(outbox.every((row) => row.state === 'sent')).toBe(true);
    const tasks = rows<{ provider_id: string; tier: string }>(
      `SELECT o.provider_id, e.tier FROM outbox o JOIN enrollments e ON e.id = json_extract(o.payload, '$.enrollmentId') WHERE o.kind = 'task'`,
    );
    const highAndMedium = tiers.filter((t) => t.tier !== 'low').reduce((sum, t) => sum + Number(t.n), 0);
    expect(tasks.length).toBe(highAndMedium);
    const hubspot = new Client({
      accessToken: world.env.SANDBOX_HUBSPOT_TOKEN!,
      basePath: world.sandbox.hubspotUrl,
    });
    const task = await hubspot.crm.objects.tasks.basicApi.getById(
      tasks.find((t) => t.tier === 'high')!.provider_id,
      ['hs_task_subject', 'hs_task_priority', 'hs_task_body'],
    );
    expect(task.properties.hs_task_subject).toMatch(/High churn risk/);
    expect(task.properties.hs_task_priority).toBe('HIGH');
    expect(task.properties.hs_task_body).toContain('logins down 60% vs last month');
    const written = rows<{ company: string; tier: string }>(
      `SELECT json_extract(o.payload, '$.entity.id') AS company, json_extract(o.payload, '$.fields.scorebridge_churn_tier') AS tier
       FROM outbox o WHERE o.kind = 'crm_write' AND tier IS NOT NULL LIMIT 1`,
    )[0]!;
    const account = await session.store.getAccount(written.company);
    const ref = account!.sources.find((s) => s.system === 'hubspot')!;
    const company = await hubspot.crm.companies.basicApi.getById(ref.externalId, ['scorebridge_churn_tier']);
    expect(company.properties.scorebridge_churn_tier).toBe(written.tier);
    const csms = rows<{ n: number }>(`SELECT COUNT(*) AS n FROM csm_assignments`)[0]!;
    expect(Number(csms.n)).toBe(highAndMedium);

    // Email side: delivered over SMTP with RFC 8058 headers and the Message-ID derived from the key.
    const emails = emailRows();
    const sent = emails.filter((e) => e.state === 'sent');
    expect(sent.length).toBeGreaterThan(2);
    expect(smtp.delivered.length).toBe(sent.length);
    const first = smtp.delivered.find((d) => d.to === sent[0]!.to.toLowerCase())!;
    expect(headerOf(first.raw, 'Message-ID')).toBe(
      deterministicMessageId(sent[0]!.key, 'acme-analytics.example'),
    );
    expect(headerOf(first.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(headerOf(first.raw, 'List-Unsubscribe')).toMatch(
      /^<https:\/\/scorebridge\.acme-analytics\.example\/v1\/unsubscribe\?token=/,
    );
    // Steps outside the recipient's send window wait for it instead of going out now.
    expect(summary.steps.deferred).toBeGreaterThan(0);
  });

  it('retries a 4xx, suppresses a 5xx bounce, and does nothing new when run again at the same instant', async () => {
    const busy = emailRows().find((e) => e.to.toLowerCase() === retried)!;
    expect(busy).toMatchObject({ state: 'pending', attempts: 1 });
    const bounce = emailRows().find((e) => e.to.toLowerCase() === bounced)!;
    expect(bounce.state).toBe('failed');
    expect(suppressionOf(db(), bounced)).toMatchObject({ reason: 'bounce', source: 'smtp 550' });

    const before = { outbox: emailRows().length, delivered: smtp.delivered.length };
    clock.advance(HOUR);
    const again = await run();
    expect(again.enrolled).toBe(0);
    expect(emailRows().find((e) => e.to.toLowerCase() === retried)!.state).toBe('sent');
    expect(smtp.delivered.filter((d) => d.to === retried)).toHaveLength(1);
    expect(smtp.delivered.filter((d) => d.to === bounced)).toHaveLength(0);
    const deferredNowDue = emailRows().length - before.outbox;
    expect(smtp.delivered.length - before.delivered).toBe(1 + deferredNowDue);
  });

  it('ends the play on a reply, on an unsubscribe link and on a bounce; the others get day 3', async () => {
    const day0 = emailRows().filter((e) => e.state === 'sent' && e.template === 'day0-checkin');
    const replier = day0.find((e) => e.to.toLowerCase() !== retried)!;
    const unsubscriber = day0.find(
      (e) => e !== replier && e.to.toLowerCase() !== retried && e.entity !== replier.entity,
    )!;
    // The unsubscribe link in the delivered email carries a signed token naming the address.
    const link = headerOf(
      smtp.delivered.find((d) => d.to === unsubscriber.to.toLowerCase())!.raw,
      'List-Unsubscribe',
    )!;
    const token = new URL(link.slice(1, link.indexOf('>'))).searchParams.get('token')!;
    const subject = verifyUnsubscribeToken(token, UNSUBSCRIBE_SECRET);
    expect(subject).toEqual({ address: unsubscriber.to.toLowerCase(), list: 'retention' });
    suppress(
      db(),
      { address: unsubscriber.to, reason: 'unsubscribe', source: 'list-unsubscribe' },
      clock.now(),
    );
    await addEvents([
      {
        id: 'reply-1',
        email: replier.to,
        type: 'email_reply',
        at: new Date(clock.now().getTime() + HOUR).toISOString(),
      },
    ]);

    clock.set(new Date(Date.parse(T0) + 3 * DAY + 2 * HOUR));
    const summary = await run();
    expect(enrollment(replier.entity)).toMatchObject({ state: 'exited', exit_reason: 'reply' });
    expect(enrollment(unsubscriber.entity)).toMatchObject({ state: 'exited', exit_reason: 'unsubscribe' });
    const bouncedEntity = emailRows().find((e) => e.to.toLowerCase() === bounced)!.entity;
    expect(enrollment(bouncedEntity)).toMatchObject({ state: 'exited', exit_reason: 'bounce' });
    expect(summary.exited.reply).toBeGreaterThanOrEqual(1);
    const day3 = emailRows().filter((e) => e.template === 'day3-roi');
    expect(day3.length).toBeGreaterThan(0);
    expect(day3.map((e) => e.entity)).not.toContain(replier.entity);
    expect(day3.map((e) => e.entity)).not.toContain(unsubscriber.entity);
    // The value reminder carries the customer's own numbers.
    const roi = smtp.delivered.find(
      (d) => d.to === day3.find((e) => e.state === 'sent')!.to.toLowerCase() && /ROI/.test(d.raw),
    );
    expect(roi?.raw).toMatch(/Hours saved: \d+/);
  });

  it('ends the play when usage recovers to its level before enrollment', async () => {
    const active = rows<{ entity_id: string; enrolled_at: string }>(
      `SELECT entity_id, enrolled_at FROM enrollments WHERE state = 'active' AND tier = 'low' ORDER BY id LIMIT 1`,
    )[0]!;
    const contacts = await session.store.contactsOfAccount(active.entity_id);
    const now = Date.parse(T0) + 7 * DAY + 3 * HOUR;
    const logins = Array.from({ length: 40 }, (_, i) => ({
      id: `login-${i}`,
      email: contacts[i % contacts.length]!.email!,
      type: 'login',
      at: new Date(now - (i + 1) * 3 * HOUR).toISOString(),
    }));
    await addEvents(logins);
    clock.set(new Date(now));
    await run();
    expect(enrollment(active.entity_id)).toMatchObject({ state: 'exited', exit_reason: 'usage_recovered' });
    // Never twice: one delivery per outbox email row, and no row per step twice.
    const sent = emailRows().filter((e) => e.state === 'sent');
    expect(smtp.delivered.length).toBe(sent.length);
    expect(new Set(sent.map((e) => e.key)).size).toBe(sent.length);
  });

  it('moves an account whose risk turned high from its low- or medium-risk play to the high-risk play in one run', async () => {
    // Plays whose next email waits for the recipient's send window are still running on day 7.
    const waiting = rows<{ entity_id: string; tier: string }>(
      `SELECT entity_id, tier FROM enrollments WHERE state = 'active' AND tier IN ('low', 'medium') ORDER BY id LIMIT 1`,
    )[0]!;
    clock.advance(HOUR);
    await session.store.saveScores(churnScores([waiting.entity_id], clock.now().toISOString(), () => 88));
    const summary = await run();
    const plays = rows<{ tier: string; state: string; exit_reason: string | null }>(
      `SELECT tier, state, exit_reason FROM enrollments WHERE entity_id = ? ORDER BY id`,
      waiting.entity_id,
    );
    expect(plays.slice(-2)).toEqual([
      { tier: waiting.tier, state: 'exited', exit_reason: `tier_changed: ${waiting.tier} -> high` },
      { tier: 'high', state: 'active', exit_reason: null },
    ]);
    expect(summary.exited.tier_changed).toBe(1);
    const task = rows<{ subject: string; state: string }>(
      `SELECT json_extract(payload, '$.subject') AS subject, state FROM outbox
       WHERE kind = 'task' AND json_extract(payload, '$.entity.id') = ? ORDER BY id DESC LIMIT 1`,
      waiting.entity_id,
    )[0];
    expect(task).toMatchObject({ state: 'sent' });
    expect(task?.subject).toMatch(/High churn risk/);
  });
});
