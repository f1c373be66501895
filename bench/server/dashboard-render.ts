/**
 * Issue 7: dashboard first render in Debian's Chromium (playwright-core), on a demo store of
 * BENCH_DASHBOARD_CONTACTS (default 10,000) contacts with trained models and four scoring runs.
 * Each page is loaded 5 times in a fresh tab after signing in; the median first contentful paint is reported.
 */
import { CHROMIUM, hasChromium } from '../../test/browser/chromium.ts';
import { startDashboardDemo } from '../../test/browser/dashboard-demo.ts';
import { measurePages, type PaintRow, paintTable, RUNS } from './dashboard-paint.ts';

export async function run(): Promise<string> {
  if (!hasChromium)
    return `## Dashboard first render\n\nSkipped: ${CHROMIUM} is not installed (apt-get install chromium).\n`;
  const contacts = Number(process.env.BENCH_DASHBOARD_CONTACTS ?? '10000');
  const demo = await startDashboardDemo(contacts);
  let rows: PaintRow[];
  try {
    rows = await measurePages(demo.baseUrl, demo.keys.read, [
      ['overview', '/dashboard/'],
      ['accounts', '/dashboard/accounts'],
      ['account page', `/dashboard/accounts/${demo.story.id}`],
      ['models', '/dashboard/models'],
      ['sequences', '/dashboard/sequences'],
    ]);
  } finally {
    await demo.close();
  }
  return [
    '## Dashboard first render (Chromium)',
    '',
    `Demo store of ${contacts.toLocaleString('en-US')} contacts, every default model trained, four scoring runs; the API server with the dashboard on loopback, Debian Chromium headless through playwright-core, signed in through the form, ${RUNS} loads per page in fresh tabs, medians. Goal: first render <= 1 s.`,
    '',
    ...paintTable(rows, 1000),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());
