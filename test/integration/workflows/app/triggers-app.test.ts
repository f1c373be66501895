import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedConfig, loadConfig } from '../../../../app/config/index.ts';
import { openRuntime } from '../../../../app/runtime.ts';
import { openWorkflowEngine } from '../../../../app/workflows/open-session.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { silentLogger } from '../../../../core/logger.ts';
import { runSync } from '../../../../core/sync/run-sync.ts';

const WORKFLOWS = {
  'tickets.yaml': `entry:
  triggers: [{ on: event, type: support_ticket }]
  reenrollment: on_transition
steps:
  - { action: call_webhook, url: "HOOK/ticket" }
`,
  'exports.yaml': `entry:
  triggers: [{ on: event, type: report_exported }]
steps:
  - { action: call_webhook, url: "HOOK/exported" }
`,
  'weekly.yaml': `entry:
  triggers: [{ on: schedule, cron: "0 9 * * 1" }]
  audience: 'contact.role == "champion"'
  reenrollment: on_transition
steps:
  - { action: notify, slack_webhook: "\${SLACK_URL}", text: "Weekly check-in with {{contact.firstName}}" }
`,
  'synced.yaml': `entry:
  triggers: [{ on: after_sync, connector: crm_files }]
  audience: 'contact.lifecycleStage == "customer"'
steps:
  - { action: call_webhook, url: "HOOK/synced" }
`,
};

describe('event (well-known and own names), schedule and after_sync triggers through the app runner', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-triggers-'));
  const clock = new FixedClock('2026-11-02T08:59:00.000Z');
  const calls: Array<{ path: string; body: Record<string, unknown> }> = [];
  let server: Server;
  let loaded: LoadedConfig;
  let env: Record<string, string | undefined>;

  async function sync() {
    const runtime = await openRuntime(loaded, clock, silentLogger());
    try {
      await runSync({ store: runtime.store, connectors: runtime.connectors, clock, logger: silentLogger() });
    } finally {
      await runtime.close();
    }
  }
  async function run() {
    const session = await openWorkflowEngine(loaded, {
      clock,
      logger: silentLogger(),
      sleep: async () => {},
      env,
    });
    try {
      return await session.engine.runOnce('test');
    } finally {
      await session.close();
    }
  }

  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => {
        text += chunk;
      });
      request.on('end', () => {
        calls.push({ path: request.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    mkdirSync(path.join(dir, 'workflows'));
    for (const [file, text] of Object.entries(WORKFLOWS))
      writeFileSync(path.join(dir, 'workflows', file), text.replace('HOOK', hook));
    writeFileSync(
      path.join(dir, 'contacts.csv'),
      'contact_id,email,first_name,role,lifecycle_stage\n' +
        'c1,ana@acme.example,Ana,champion,customer\nc2,bob@acme.example,Bob,user,customer\nc3,cy@beta.example,Cy,user,lead\n',
    );
    writeFileSync(
      path.join(dir, 'events.jsonl'),
      `${JSON.stringify({ id: 'e1', email: 'bob@acme.example', type: 'support_ticket', at: '2026-11-02T08:00:00Z' })}\n` +
        // A product's own event name: stored as it is, and an event trigger can name it.
        `${JSON.stringify({ id: 'e0', email: 'ana@acme.example', type: 'report_exported', at: '2026-11-02T08:30:00Z' })}\n`,
    );
    writeFileSync(
      path.join(dir, 'scorebridge.yaml'),
      `version: 1
store: { path: store.db }
connectors:
  crm_files:
    type: file
    baseDir: .
    streams:
      contacts: { kind: contact, path: contacts.csv, id: contact_id }
      events: { kind: event, path: events.jsonl, id: id, columns: { contactEmail: email, occurredAt: at } }
workflows: { dir: workflows }
`,
    );
    env = { ...process.env, SLACK_URL: `${hook}/slack` };
    loaded = await loadConfig(path.join(dir, 'scorebridge.yaml'), env);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fires each kind once for its audience, and not again without a new firing', async () => {
    await sync();
    clock.set('2026-11-02T09:00:30.000Z');
    const first = await run();
    expect(first.occurrences).toEqual(['schedule 0 9 * * 1', 'after_sync crm_files']);
    const paths = calls.map((call) => call.path).sort();
    expect(paths).toEqual(['/exported', '/slack', '/synced', '/synced', '/ticket']);
    expect(calls.find((call) => call.path === '/slack')?.body).toEqual({ text: 'Weekly check-in with Ana' });
    expect(calls.find((call) => call.path === '/ticket')?.body).toMatchObject({
      workflow: 'tickets',
      entity: { type: 'contact' },
    });
    expect(calls.find((call) => call.path === '/exported')?.body).toMatchObject({
      workflow: 'exports',
      entity: { type: 'contact' },
    });

    clock.set('2026-11-02T09:05:00.000Z');
    const second = await run();
    expect(second.occurrences).toEqual([]);
    expect(calls).toHaveLength(5);
  });

  it('enrolls again on a new event, while a workflow with re-enrollment never stays done', async () => {
    appendFileSync(
      path.join(dir, 'events.jsonl'),
      `${JSON.stringify({ id: 'e2', email: 'bob@acme.example', type: 'support_ticket', at: '2026-11-02T09:06:00Z' })}\n`,
    );
    clock.set('2026-11-02T09:07:00.000Z');
    await sync();
    clock.set('2026-11-02T09:10:00.000Z');
    const third = await run();
    expect(third.occurrences).toEqual(['after_sync crm_files']);
    expect(calls.map((call) => call.path).filter((p) => p === '/ticket')).toHaveLength(2);
    expect(calls.map((call) => call.path).filter((p) => p === '/synced')).toHaveLength(2);
  });
});
