/**
 * Issue 5: one engine tick over BENCH_ENROLLMENTS (default 100,000) enrollments of the shipped
 * retention workflow on a fresh SQLite file store, then the outbox relay draining the email intents.
 * Time inside SQLite is measured by a timing wrapper around DatabaseSync (timed-database.ts).
 * BENCH_TICK_BUDGET_S (default 150) bounds the due-step phase: it runs as consecutive ticks of
 * BENCH_TICK_CHUNK (default 2,000) due enrollments and stops when the budget is spent, reporting what it reached.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { FixedClock } from '../../core/clock.ts';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import { loadWorkflows } from '../../workflows/definitions/index.ts';
import { DryRunEmailTransport, loadTemplateSet } from '../../workflows/email/index.ts';
import { DEFAULT_BATCH_SIZE, tick } from '../../workflows/engine/index.ts';
import { OutboxRelay, outcomeFromSendResult } from '../../workflows/outbox/index.ts';
import { contextFor, entities, fmt, measure, NOW, openStore, type Phase, ZONES } from './engine-fixtures.ts';
import { batchSizeReference } from './engine-references.ts';
import { timeDatabase } from './timed-database.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TARGET_STEPS_PER_SECOND = 5_000;
const HISTORY_PROBES = 20;

/**
 * The frequency-cap history query scans every email row in the outbox for every step, so a step's
 * cost grows with the outbox: time the query at the current outbox size and project the full tick.
 */
function projection(db: SqlDatabase, size: number, processed: number, steps: number, rows: number): string {
  const query = db.prepare(
    `SELECT COALESCE(sent_at, created_at) AS at, json_extract(payload, '$.category') AS category
     FROM outbox WHERE kind = 'email' AND state NOT IN ('failed', 'dead_letter')
       AND json_extract(payload, '$.entity.type') = ? AND json_extract(payload, '$.entity.id') = ?`,
  );
  const started = performance.now();
  for (let i = 0; i < HISTORY_PROBES; i += 1) query.all('contact', `c-${i}`);
  const perQueryMs = (performance.now() - started) / HISTORY_PROBES;
  const msPerRow = perQueryMs / Math.max(1, rows);
  const fullSteps = (steps / Math.max(1, processed)) * size;
  const fullRows = (rows / Math.max(1, processed)) * size;
  // On average a step scans half the final outbox.
  const projectedS = (fullSteps * (fullRows / 2) * msPerRow) / 1000;
  return (
    `the frequency-cap history query (json_extract on the outbox, served by the outbox_email_entity index) took ` +
    `${fmt(perQueryMs, 2)} ms at ${fmt(rows)} outbox rows (${fmt(msPerRow * 1e6)} ns/row); projected for the ` +
    `full tick (${fmt(fullSteps)} steps, ${fmt(fullRows)} outbox rows): ~${fmt(projectedS / 60)} min in that query alone`
  );
}

export async function run(): Promise<string> {
  const size = Number(process.env.BENCH_ENROLLMENTS ?? '100000');
  const budgetMs = Number(process.env.BENCH_TICK_BUDGET_S ?? '150') * 1000;
  const chunk = Number(process.env.BENCH_TICK_CHUNK ?? '2000');
  const workflows = await loadWorkflows(path.join(ROOT, 'config', 'workflows'), {
    connectors: ['hubspot'],
    crmConnectors: ['hubspot'],
    templatesDir: path.join(ROOT, 'config', 'templates'),
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'scorebridge-bench-engine-'));
  const store = await openStore(dir, 'store.sqlite');
  const timer = timeDatabase(store.database);
  const phases: Phase[] = [];
  const notes: string[] = [];
  try {
    const candidates = entities(0, size);
    phases.push(
      measure(
        timer,
        `enrolling tick (${fmt(size)} candidates, limit 0 so no steps run)`,
        () => tick(timer.db, { now: NOW, workflows, candidates, contextFor, limit: 0 }).enrolled.length,
      ),
    );
    let steps = 0;
    let enqueued = 0;
    let ticks = 0;
    let skipped = 0;
    const curve: string[] = [];
    const stepsPhase = measure(timer, '', () => {
      const started = performance.now();
      for (;;) {
        const chunkStart = performance.now();
        const report = tick(timer.db, { now: NOW, workflows, candidates: [], contextFor, limit: chunk });
        ticks += 1;
        steps += report.steps.length;
        enqueued += report.steps.reduce((sum, step) => sum + step.enqueued, 0);
        skipped += report.steps.filter((step) => step.outcome === 'skipped').length;
        const chunkMs = performance.now() - chunkStart;
        curve.push(`${fmt(report.steps.length / (chunkMs / 1000))}`);
        if (report.steps.length === 0 && report.completed.length === 0) break;
        if (performance.now() - started > budgetMs) break;
      }
      return steps;
    });
    const dueLeft = (
      store.database
        .prepare(`SELECT COUNT(*) AS n FROM enrollments WHERE state = 'active' AND next_step_at <= ?`)
        .get(NOW.toISOString()) as { n: number }
    ).n;
    if (dueLeft > 0)
      notes.push(
        `due-step phase stopped at the ${budgetMs / 1000} s budget (BENCH_TICK_BUDGET_S) with ${fmt(dueLeft)} enrollments still due; ${projection(store.database, size, size - dueLeft, steps, enqueued)}`,
      );
    phases.push({
      ...stepsPhase,
      label: `due-step ticks (${ticks} x limit ${fmt(chunk)}; ${fmt(enqueued)} outbox rows; ${fmt(dueLeft)} due enrollments left)`,
    });
    notes.push(
      `a step is one workflow step evaluated for one enrollment; each enrollment's steps are all-or-nothing in a savepoint, ${DEFAULT_BATCH_SIZE} enrollments per transaction; ${fmt(skipped)} of the ${fmt(steps)} were skipped (tier filter or delivery policy; no outbox row)`,
    );
    notes.push(`steps/s per tick of ${fmt(chunk)} enrollments, in order: ${curve.join(', ')}`);
    const slowest = timer
      .top(4)
      .map((entry) => `\`${entry.sql}\` ${fmt(entry.ms)} ms / ${fmt(entry.calls)} calls`);
    const historyMs = timer
      .top(50)
      .filter((entry) => entry.sql.includes('json_extract(payload'))
      .reduce((sum, entry) => sum + entry.ms, 0);
    const withoutHistoryS = (stepsPhase.wallMs - historyMs) / 1000;
    notes.push(
      `${fmt((historyMs / stepsPhase.wallMs) * 100)}% of the due-step wall time is the frequency-cap history query; the same steps minus that time take ${fmt(withoutHistoryS, 1)} s, ~${fmt(steps / withoutHistoryS)} steps/s (estimate by subtraction, not a measured run)`,
    );
    notes.push(`slowest SQL in the due-step phase: ${slowest.join('; ')}`);

    // The relay delivers through the real dry-run transport: each email is rendered from the
    // shipped templates (with their sample data, as the store-backed sender's numbers need a real
    // store) and written as an .eml file, so this phase measures rendering + MIME + disk too.
    const templates = await loadTemplateSet(path.join(ROOT, 'config', 'templates', 'retention'));
    const sample = parseYaml(
      readFileSync(path.join(ROOT, 'config', 'templates', 'retention', 'sample-data.yaml'), 'utf8'),
    );
    const dryRun = new DryRunEmailTransport({
      outputDir: path.join(dir, 'eml'),
      sendingDomain: 'bench.example',
    });
    const relay = new OutboxRelay({
      db: timer.db,
      clock: new FixedClock(NOW.toISOString()),
      sleep: async () => {},
      random: () => 0.5,
      transports: {
        email: async (row) => {
          const payload = row.payload as { to: string; template: string };
          const rendered = templates.render(payload.template, sample);
          return outcomeFromSendResult(
            await dryRun.send({
              idempotencyKey: row.idempotencyKey,
              from: { address: 'success@bench.example' },
              to: payload.to,
              ...rendered,
              unsubscribe: { url: 'https://bench.example/v1/unsubscribe?token=t' },
            }),
          );
        },
      },
    });
    timer.reset();
    const relayStarted = performance.now();
    let relayed = 0;
    for (;;) {
      const summary = await relay.runOnce(1_000);
      relayed += summary.sent;
      if (summary.claimed === 0 || performance.now() - relayStarted > budgetMs) break;
    }
    phases.push({
      label:
        'outbox relay, email rows rendered and written as .eml by the dry-run transport (one claim per row)',
      units: relayed,
      wallMs: performance.now() - relayStarted,
      dbMs: timer.totalMs(),
    });

    phases.push(...(await batchSizeReference(dir, workflows)));
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const stepsPerSecond = (phases[1]!.units / phases[1]!.wallMs) * 1000;
  const lines = [
    '## Workflow engine tick (issue 5)',
    '',
    `Shipped retention workflow (config/workflows/retention.yaml, CRM = hubspot), ${fmt(size)} contacts`,
    `split evenly over low/medium/high churn tiers and ${ZONES.length} time zones, fixed clock ${NOW.toISOString()}`,
    `(inside every zone's send window), fresh WAL SQLite file store. DB = time inside SQLite calls.`,
    '',
    '| phase | units | wall s | units/s | DB ms/unit | JS ms/unit |',
    '|---|---:|---:|---:|---:|---:|',
    ...phases.map(
      (p) =>
        `| ${p.label} | ${fmt(p.units)} | ${fmt(p.wallMs / 1000, 1)} | ${fmt((p.units / p.wallMs) * 1000)} | ${fmt(p.dbMs / Math.max(1, p.units), 3)} | ${fmt((p.wallMs - p.dbMs) / Math.max(1, p.units), 3)} |`,
    ),
    '',
    `Goal >= ${fmt(TARGET_STEPS_PER_SECOND)} steps/s: **${stepsPerSecond >= TARGET_STEPS_PER_SECOND ? 'met' : 'not met'}** (${fmt(stepsPerSecond)} steps/s).`,
    '',
    ...notes.map((note) => `- ${note}`),
  ];
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await run());
}
