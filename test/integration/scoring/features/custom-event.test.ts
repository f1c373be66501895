import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'cli', 'main.ts');
const AS_OF = '2026-11-01';
const DAY = 86_400_000;

function cli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', TZ: 'UTC' },
    maxBuffer: 1 << 26,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** A deterministic coin per (account, week). */
function coin(a: number, b: number): number {
  const x = Math.sin(a * 12.9898 + b * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

/**
 * 360 customer accounts from mid-2024. Healthy ones export reports every week; the 40 % that churn
 * stop exporting about two months before they leave. Logins are the same for both, so the only
 * signal is the product's own `report_exported` event, which no built-in feature reads.
 */
function writeBusiness(dir: string): void {
  const start = Date.parse('2024-06-01T00:00:00Z');
  const end = Date.parse(`${AS_OF}T00:00:00Z`);
  const accounts = ['account_id,name,domain,status,churned_at,created_at,updated_at'];
  const events = ['event_id,account_id,type,occurred_at,format'];
  let n = 0;
  for (let a = 0; a < 360; a++) {
    const churns = coin(a, 0) < 0.4;
    // Some leave after the export: still active in the CRM, but already fading in the product.
    const churnedAt = churns ? start + (280 + Math.floor(coin(a, 1) * 700)) * DAY : Number.NaN;
    const left = churnedAt <= end;
    const last = left ? churnedAt : end;
    accounts.push(
      `acc${a},Company ${a},company${a}.example,${left ? 'churned' : 'active'},${left ? new Date(churnedAt).toISOString() : ''},2024-06-01T00:00:00Z,2026-10-31T00:00:00Z`,
    );
    for (let week = 0; start + week * 7 * DAY < last; week++) {
      const at = start + week * 7 * DAY + Math.floor(coin(a, week + 7) * 5 * DAY);
      if (at >= last) break;
      events.push(`e${n++},acc${a},login,${new Date(at).toISOString()},`);
      const fading = churns && churnedAt - at < 70 * DAY;
      if (!fading && coin(a, week + 3) < 0.9)
        events.push(
          `e${n++},acc${a},report_exported,${new Date(at + DAY).toISOString()},${week % 2 ? 'pdf' : 'csv'}`,
        );
    }
  }
  writeFileSync(path.join(dir, 'accounts.csv'), `${accounts.join('\n')}\n`);
  writeFileSync(path.join(dir, 'events.csv'), `${events.join('\n')}\n`);
  const config = `version: 1
store: { path: store.db }
connectors:
  product:
    type: file
    baseDir: .
    streams:
      accounts:
        kind: account
        path: accounts.csv
        id: account_id
        columns: { name: name, domain: domain, status: status, churnedAt: churned_at, createdAt: created_at, updatedAt: updated_at }
      events:
        kind: event
        path: events.csv
        id: event_id
        columns: { account: account_id, type: type, occurredAt: occurred_at }
        properties: [format]
scoring:
  models:
    churn_risk: { kind: churn, entity: account, horizonDays: 90 }
  features:
    account:
      reports_exported_30d:
        count: report_exported
        window: 30d
        label: reports exported
        singular: report exported
`;
  writeFileSync(path.join(dir, 'scorebridge.yaml'), config);
}

describe('a product event of its own flows from a CSV to a reason', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-custom-event-'));
  beforeAll(() => writeBusiness(dir));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('syncs report_exported under its own name, nothing quarantined', () => {
    expect(cli(['sync', '-c', 'scorebridge.yaml'], dir).code).toBe(0);
    const status = JSON.parse(cli(['status', '-c', 'scorebridge.yaml', '--json'], dir).out);
    expect(status.counts.quarantined).toBe(0);
    expect(status.counts.events).toBeGreaterThan(20_000);
  });

  it('names the closest event of the store when a feature misspells it', () => {
    const typo = path.join(dir, 'typo.yaml');
    writeFileSync(
      typo,
      `version: 1
store: { path: store.db }
scoring:
  models: { churn_risk: { kind: churn, entity: account, horizonDays: 90 } }
  features:
    account:
      reports_exported_30d: { count: report_exportd, window: 30d }
`,
    );
    const result = cli(['train', '-c', 'typo.yaml', '--as-of', AS_OF], dir);
    expect(result.code).toBe(2);
    expect(result.err).toContain("event 'report_exportd' never occurs in the store");
    expect(result.err).toMatch(/typo\.yaml:7:38/);
    expect(result.err).toContain("did you mean 'report_exported'?");
  });

  it('trains a churn model that reads the YAML feature and explains scores with it', () => {
    const trained = cli(['train', '-c', 'scorebridge.yaml', '--as-of', AS_OF, '--json'], dir);
    expect(trained.code, trained.err).toBe(0);
    const model = JSON.parse(trained.out).models[0];
    expect(model.status).toBe('promoted');
    const scored = cli(['score', '-c', 'scorebridge.yaml', '--as-of', AS_OF], dir);
    expect(scored.code, scored.err).toBe(0);
    const rows = JSON.parse(
      cli(
        [
          'sql',
          '-c',
          'scorebridge.yaml',
          "SELECT entity_id, score, reasons FROM scorebridge_scores WHERE model = 'churn_risk' ORDER BY score DESC LIMIT 20",
          '--json',
        ],
        dir,
      ).out,
    ) as { score: number; reasons: string }[];
    const texts = rows.flatMap((row) => (JSON.parse(row.reasons) as { text: string }[]).map((r) => r.text));
    // The riskiest accounts are the ones that stopped exporting: their reason says so in words.
    expect(texts.some((text) => /no reports exported in the last 30 days/.test(text))).toBe(true);
  });

  it('re-scores only the company whose data changed with score --changed', () => {
    const history = (id: string) =>
      JSON.parse(
        cli(
          [
            'sql',
            '-c',
            'scorebridge.yaml',
            `SELECT COUNT(*) AS n FROM scorebridge_score_history WHERE entity_id = '${id}'`,
            '--json',
          ],
          dir,
        ).out,
      )[0].n as number;
    const ids = JSON.parse(
      cli(
        [
          'sql',
          '-c',
          'scorebridge.yaml',
          'SELECT entity_id FROM scorebridge_scores ORDER BY entity_id LIMIT 2',
          '--json',
        ],
        dir,
      ).out,
    ) as { entity_id: string }[];
    const [changed, untouched] = ids.map((r) => r.entity_id);
    const before = { changed: history(changed!), untouched: history(untouched!) };
    // Nothing changed yet: nothing is scored again.
    const idle = cli(['score', '-c', 'scorebridge.yaml', '--as-of', AS_OF, '--changed', '--json'], dir);
    expect(idle.code, idle.err).toBe(0);
    expect(JSON.parse(idle.out).models[0].scored).toBe(0);
    // A new event of one company (acc<N> is the source id behind a canonical a_... id).
    const source = JSON.parse(
      cli(
        ['sql', '-c', 'scorebridge.yaml', `SELECT sources FROM accounts WHERE id = '${changed}'`, '--json'],
        dir,
      ).out,
    )[0].sources as string;
    const externalId = (JSON.parse(source) as { externalId: string }[])[0]!.externalId;
    writeFileSync(
      path.join(dir, 'events.csv'),
      `${readFileSync(path.join(dir, 'events.csv'), 'utf8')}late1,${externalId},report_exported,2026-10-30T10:00:00.000Z,pdf\n`,
    );
    expect(cli(['sync', '-c', 'scorebridge.yaml'], dir).code).toBe(0);
    const again = cli(['score', '-c', 'scorebridge.yaml', '--as-of', AS_OF, '--changed', '--json'], dir);
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain('0 people and 1 companies changed since the last run');
    expect(JSON.parse(again.out)).toMatchObject({
      changedOnly: true,
      models: [{ name: 'churn_risk', scored: 1 }],
    });
    expect(history(changed!)).toBe(before.changed + 1);
    expect(history(untouched!)).toBe(before.untouched);
  });
});
