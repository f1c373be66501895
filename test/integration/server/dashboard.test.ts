import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardContext } from '../../../app/server/dashboard/context.ts';
import { dashboardRouter } from '../../../app/server/dashboard/index.ts';
import { listParamsSchema } from '../../../app/server/dashboard/list-params.ts';
import { buildListQuery } from '../../../app/server/dashboard/list-query.ts';
import type { ServerDeps } from '../../../app/server/server-deps.ts';
import { type DashboardDemo, startDashboardDemo } from '../../browser/dashboard-demo.ts';
import { HOSTILE_EXIT, HOSTILE_WORKFLOW } from '../../browser/seed-sequences.ts';

let demo: DashboardDemo;

async function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: string; headers: Headers }> {
  const res = await fetch(demo.baseUrl + path, {
    headers: { authorization: `Bearer ${demo.keys.read}`, ...headers },
    redirect: 'manual',
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    // Keep a byte-order mark: the CSV export starts with one so spreadsheets read UTF-8.
    body: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()),
    headers: res.headers,
  };
}

/** A CSV document as rows of cells (RFC 4180: quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

const count = (html: string, pattern: RegExp) => html.match(new RegExp(pattern, 'g'))?.length ?? 0;

beforeAll(async () => {
  demo = await startDashboardDemo(1500);
}, 180_000);
afterAll(async () => demo?.close());

describe('dashboard pages over HTTP', () => {
  it('overview: models by display name, Vega charts as inline SVG, risers, and no scripts or inline styles', async () => {
    const page = await get('/dashboard/');
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/text\/html/);
    for (const name of ['Lead score', 'Churn risk', 'Lifetime value', 'Next best action'])
      expect(page.body).toContain(`>${name} <`);
    expect(count(page.body, /<figure class="chart tier-chart">/)).toBe(4);
    expect(count(page.body, /<figure class="chart trend-chart">/)).toBe(4);
    expect(page.body).toMatch(/<table data-table="risers">/);
    // The biggest riser, computed the slow way over the whole history, leads the table.
    const history = demo.demo.store.database
      .prepare(
        "SELECT entity_id, value, computed_at FROM score_history WHERE model = 'churn_risk' ORDER BY computed_at",
      )
      .all() as { entity_id: string; value: number; computed_at: string }[];
    const asOf = history.at(-1)!.computed_at;
    const weekStart = new Date(Date.parse(asOf) - 7 * 86_400_000).toISOString();
    const byAccount = Map.groupBy(history, (h) => h.entity_id);
    const rises = [...byAccount].flatMap(([id, rows]) => {
      const now = rows.at(-1)!;
      const before = rows.filter((r) => r.computed_at <= weekStart).at(-1) ?? rows[0]!;
      return now.computed_at > weekStart && before.computed_at < now.computed_at && now.value > before.value
        ? [{ id, rise: now.value - before.value }]
        : [];
    });
    rises.sort((a, b) => b.rise - a.rise || a.id.localeCompare(b.id));
    expect(rises.length).toBeGreaterThan(0);
    const firstRow = page.body.slice(page.body.indexOf('<table data-table="risers">')).split('</tr>')[1]!;
    expect(firstRow).toContain(`/accounts/${rises[0]!.id}"`);
    expect(firstRow).toContain(`+${Math.round(rises[0]!.rise)}<`);
    expect(page.body).not.toMatch(/<script/i);
    // The CSP forbids inline styles; a style attribute would be dropped by the browser.
    expect(page.body).not.toMatch(/\sstyle="/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const week = await get('/dashboard/?range=7');
    expect(week.body).toContain('last 7 days');
  });

  it('accounts: search by name, domain or a person’s e-mail, filters, sorting and pages', async () => {
    const byName = await get(`/dashboard/accounts?q=${encodeURIComponent(demo.story.name.slice(0, 5))}`);
    expect(byName.body).toContain(`data-record="${demo.story.id}"`);
    const byDomain = await get(`/dashboard/accounts?q=${encodeURIComponent(`@${demo.story.domain}`)}`);
    expect(byDomain.body).toContain(`data-record="${demo.story.id}"`);
    const email = demo.demo.store.database
      .prepare('SELECT email_normalized AS e FROM contacts WHERE id = ?')
      .get(demo.story.contactId) as { e: string };
    const byPerson = await get(
      `/dashboard/accounts?q=${encodeURIComponent(email.e.slice(0, email.e.indexOf('@') + 2))}`,
    );
    expect(byPerson.body).toContain(`data-record="${demo.story.id}"`);
    const none = await get('/dashboard/accounts?q=zzzz-no-such-company');
    expect(none.body).toContain('No accounts match');

    const high = await get('/dashboard/accounts?model=churn_risk&tier=high');
    const expected = demo.demo.store.database
      .prepare(
        `SELECT COUNT(*) AS n FROM scores s JOIN accounts a ON a.id = s.entity_id WHERE s.model = 'churn_risk' AND s.tier = 'high' AND a.deleted_at IS NULL AND a.merged_into IS NULL`,
      )
      .get() as { n: number };
    expect(high.body).toContain(`data-total="${expected.n}"`);
    expect(high.body).not.toMatch(/low risk<\/span><\/td>/);

    const all = await get('/dashboard/accounts?per=25&page=2');
    expect(count(all.body, /<a href="\/dashboard\/accounts\/a_[0-9a-f]+" data-record=/)).toBe(25);
    expect(all.body).toMatch(/26–50 of/);
    const bad = await get('/dashboard/accounts?page=zero');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('bad &quot;page&quot; parameter');
  });

  it('search and sort run on indexes (no full scan of contacts for a search)', () => {
    const ctx = dashboardContext(demo.deps);
    const query = buildListQuery('contact', ctx.modelsFor('contact'), listParamsSchema.parse({ q: 'wei' }));
    const plan = demo.demo.store.database
      .prepare(
        `EXPLAIN QUERY PLAN SELECT x.id FROM ${query.from} WHERE ${query.where} ORDER BY ${query.orderBy} LIMIT 50`,
      )
      .all(...query.params) as { detail: string }[];
    const details = plan.map((p) => p.detail).join('\n');
    expect(details).toContain('contacts_full_name_search');
    expect(details).toContain('contacts_last_name_search');
    expect(details).toContain('contacts_email');
    expect(details).toContain('accounts_name_search');
  });

  it('exports the selection as CSV: streamed, escaped, and safe from spreadsheet formulas', async () => {
    const db = demo.demo.store.database;
    // A title with quotes and a comma, that a spreadsheet would also run as a formula.
    const title = '=HYPERLINK("http://evil.example", "Head of Growth, EMEA")';
    db.prepare('UPDATE contacts SET title = ? WHERE id = ?').run(title, demo.story.contactId);
    try {
      const res = await get(`/dashboard/contacts.csv?q=${encodeURIComponent(demo.story.domain)}`);
      expect(res.status).toBe(200);
      expect(res.type).toMatch(/text\/csv/);
      expect(res.headers.get('content-disposition')).toMatch(
        /attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"/,
      );
      expect(res.body.startsWith('\uFEFF')).toBe(true);
      const rows = parseCsv(res.body.slice(1));
      expect(rows[0]).toEqual(
        expect.arrayContaining([
          'Name',
          'E-mail',
          'Company',
          'Lead score (0-100)',
          'Next best action',
          'Workflows',
        ]),
      );
      const story = rows.find((r) => r.includes(`'${title}`));
      expect(story, 'the title is one cell, quoted, with an apostrophe before the formula').toBeDefined();
      expect(rows.some((r) => r.includes(title))).toBe(false);
      const page = await get(`/dashboard/contacts?q=${encodeURIComponent(demo.story.domain)}`);
      expect(page.body).toContain(`data-total="${rows.length - 1}"`);
      const accounts = parseCsv((await get('/dashboard/accounts.csv')).body.slice(1));
      const total = (
        db
          .prepare('SELECT COUNT(*) AS n FROM accounts WHERE deleted_at IS NULL AND merged_into IS NULL')
          .get() as { n: number }
      ).n;
      expect(accounts.length - 1).toBe(total);
      expect(accounts[0]).toEqual(
        expect.arrayContaining([
          'Account',
          'Churn risk (0-100)',
          'Churn risk tier',
          'Lifetime value (amount)',
        ]),
      );
    } finally {
      db.prepare('UPDATE contacts SET title = NULL WHERE id = ?').run(demo.story.contactId);
    }
  });

  it('account page: scores with reasons, history, people, timeline, workflow steps, e-mails and tasks; unknown ids are a 404', async () => {
    const page = await get(`/dashboard/accounts/${demo.story.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<h1>${demo.story.name.replaceAll('&', '&amp;')}</h1>`);
    expect(page.body).toMatch(
      /data-model="churn_risk"><h3>Churn risk<\/h3><div><span class="big">\d+<\/span>/,
    );
    expect(page.body).toMatch(/<ul class="reasons"><li>/);
    expect(page.body).toContain('<figure class="chart history-chart">');
    expect(page.body).toContain(
      'Task for the customer success manager: “Schedule a check-in call about product usage”',
    );
    expect(page.body).toContain('Send the e-mail “Day3 roi”, 3 days after the step before');
    expect(page.body).toMatch(/<span class="state done">done<\/span>/);
    expect(page.body).toMatch(/<ul class="timeline"><li class="day">/);
    const missing = await get('/dashboard/accounts/a_does_not_exist');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('No such account');
  });

  it('links a record to HubSpot and Salesforce the way those products do', async () => {
    const db = demo.demo.store.database;
    const before = (
      db.prepare('SELECT sources FROM accounts WHERE id = ?').get(demo.story.id) as { sources: string }
    ).sources;
    const sources = [
      ...JSON.parse(before),
      { system: 'hubspot', objectType: 'companies', externalId: '987654' },
      { system: 'salesforce', objectType: 'Account', externalId: '001Ab00000XyZ12AAB' },
    ];
    db.prepare('UPDATE accounts SET sources = ? WHERE id = ?').run(JSON.stringify(sources), demo.story.id);
    const { loaded } = demo.deps;
    const connectors = {
      ...loaded.config.connectors,
      hubspot: { type: 'hubspot', portalId: 4242 },
      salesforce: { type: 'salesforce', instanceUrl: 'https://acme.my.salesforce.com' },
    } as unknown as typeof loaded.config.connectors;
    const deps: ServerDeps = {
      ...demo.deps,
      loaded: { ...loaded, config: { ...loaded.config, connectors } },
    };
    const app = express().use('/dashboard', dashboardRouter(deps));
    const server = await new Promise<Server>((done) => {
      const listening = app.listen(0, '127.0.0.1', () => done(listening));
    });
    try {
      const res = await fetch(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/dashboard/accounts/${demo.story.id}`,
      );
      const html = await res.text();
      expect(html).toContain('href="https://app.hubspot.com/contacts/4242/record/0-2/987654"');
      expect(html).toContain(
        'href="https://acme.my.salesforce.com/lightning/r/Account/001Ab00000XyZ12AAB/view"',
      );
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      db.prepare('UPDATE accounts SET sources = ? WHERE id = ?').run(before, demo.story.id);
    }
  });

  it('models: quality in plain words beside every measure, Vega charts, drift', async () => {
    const page = await get('/dashboard/models');
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/data-model="churn_risk"><h2>Churn risk<\/h2>/);
    expect(page.body).toContain('Ranking quality (ROC-AUC)');
    expect(page.body).toContain('how often the model scores the first higher');
    expect(page.body).toContain('PSI (population stability index)');
    expect(count(page.body, /<figure class="chart calibration-chart">/)).toBe(2);
    expect(count(page.body, /<figure class="chart gains-chart">/)).toBe(2);
  });

  it('sequences: the funnel per workflow, and store text shown as text', async () => {
    const page = await get('/dashboard/sequences');
    expect(page.status).toBe(200);
    expect(count(page.body, /<figure class="chart funnel-chart">/)).toBe(2);
    const retention = demo.funnels.retention!;
    const card = page.body.slice(page.body.indexOf('data-workflow="retention"'));
    // The seeded funnel plus the story account's enrollment, which has had its day-0 e-mail.
    expect(card).toContain(`${retention.emails + 1} e-mails`);
    expect(card).toMatch(/the tier changed \(low → high\)<\/td><td class="num">4</);
    expect(page.body).not.toContain(HOSTILE_WORKFLOW);
    expect(page.body).not.toContain(HOSTILE_EXIT);
    expect(page.body).not.toMatch(/<script|<img/i);
    expect(page.body).toContain('Nurture &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
  });

  it('serves its stylesheet with a class for every colour the pages use', async () => {
    const css = await get('/dashboard/dashboard.css');
    expect(css.status).toBe(200);
    expect(css.type).toMatch(/text\/css/);
    const page = await get('/dashboard/accounts');
    for (const tone of new Set(page.body.match(/tone-[0-9a-f]{6}/g) ?? []))
      expect(css.body).toContain(`.${tone}{`);
  });
});

describe('list pages sorted by a score', () => {
  it('read in index order give exactly the order of the generic query, across the scored/unscored boundary', async () => {
    const { loadListPage } = await import('../../../app/server/dashboard/list-data.ts');
    const db = demo.demo.store.database;
    const ctx = dashboardContext(demo.deps);
    for (const [entity, filters] of [
      ['contact', {}],
      ['contact', { dir: 'asc' }],
      ['contact', { owner: 'none' }],
      ['account', {}],
    ] as const) {
      const models = ctx.modelsFor(entity);
      const all = (per: number, page: number) =>
        loadListPage(
          db,
          entity,
          models,
          listParamsSchema.parse({ ...filters, per: String(per), page: String(page) }),
        );
      const first = all(50, 1);
      expect(first.query.sort.key).toMatch(/^score:/);
      // The generic statement (a full sort) over every matching record.
      const q = first.query;
      const expected = (
        db
          .prepare(`SELECT x.id AS id FROM ${q.from} WHERE ${q.where} ORDER BY ${q.orderBy}`)
          .all(...q.params) as { id: string }[]
      ).map((r) => r.id);
      const scored = (
        db
          .prepare(
            'SELECT COUNT(*) AS n FROM scores WHERE entity_type = ? AND model = ? AND value IS NOT NULL',
          )
          .get(entity, q.sort.key.slice(6)) as { n: number }
      ).n;
      expect(expected.length).toBe(first.total);
      const per = 25;
      const pages = Math.ceil(expected.length / per);
      // Pages at the start, around the last scored record, and at the end.
      const boundary = Math.floor(scored / per) + 1;
      for (const page of new Set(
        [1, 2, boundary - 1, boundary, boundary + 1, pages].filter((p) => p >= 1 && p <= pages),
      )) {
        const ids = all(per, page).records.map((r) => r.id);
        expect(ids, `${entity} ${JSON.stringify(filters)} page ${page}`).toEqual(
          expected.slice((page - 1) * per, page * per),
        );
      }
    }
  });
});
