/**
 * Issue 7: dashboard first render in Debian's Chromium (playwright-core), on a demo store of
 * BENCH_DASHBOARD_CONTACTS (default 10,000) contacts with trained models and three scoring runs.
 * Each page is loaded 5 times in a fresh tab; the median first contentful paint is reported.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, hasChromium, launchChromium } from '../../test/browser/chromium.ts';
import { startDashboardDemo } from '../../test/browser/dashboard-demo.ts';

const RUNS = 5;
const PAGES = [
  ['overview', '/dashboard/'],
  ['models', '/dashboard/models'],
  ['sequences', '/dashboard/sequences'],
] as const;
const TIMING_SCRIPT = `new Promise((done) => {
  const nav = performance.getEntriesByType('navigation')[0];
  const finish = (fcp) => done({ ttfb: nav.responseStart, fcp, load: nav.loadEventEnd });
  new PerformanceObserver((list) => {
    const paint = list.getEntriesByName('first-contentful-paint')[0];
    if (paint) finish(paint.startTime);
  }).observe({ type: 'paint', buffered: true });
  setTimeout(() => finish(null), 2000);
})`;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function run(): Promise<string> {
  if (!hasChromium)
    return `## Dashboard first render\n\nSkipped: ${CHROMIUM} is not installed (apt-get install chromium).\n`;
  const contacts = Number(process.env.BENCH_DASHBOARD_CONTACTS ?? '10000');
  const demo = await startDashboardDemo(contacts);
  const profile = mkdtempSync(join(tmpdir(), 'sb-bench-chromium-'));
  const rows: string[] = [];
  try {
    const context = await launchChromium(profile);
    try {
      for (const [name, path] of PAGES) {
        const samples: Array<{ ttfb: number; fcp: number | null; load: number }> = [];
        for (let i = 0; i < RUNS; i += 1) {
          const page = await context.newPage();
          await page.goto(`${demo.baseUrl}${path}`, { waitUntil: 'load' });
          samples.push(await page.evaluate(TIMING_SCRIPT));
          await page.close();
        }
        const fcp = median(samples.map((s) => s.fcp ?? Number.NaN));
        rows.push(
          `| ${name} | ${median(samples.map((s) => s.ttfb)).toFixed(0)} | ${fcp.toFixed(0)} | ${median(samples.map((s) => s.load)).toFixed(0)} | ${fcp <= 1000 ? 'met' : 'not met'} |`,
        );
      }
    } finally {
      await context.close();
    }
  } finally {
    await demo.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return [
    '## Dashboard first render (Chromium)',
    '',
    `Demo store of ${contacts.toLocaleString('en-US')} contacts, lead and churn models trained, three scoring runs; the dashboard router on loopback, Debian Chromium headless through playwright-core, ${RUNS} loads per page in fresh tabs, medians. Goal: first render <= 1 s.`,
    '',
    '| page | first byte ms | first contentful paint ms | load event ms | goal |',
    '|---|---:|---:|---:|---|',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());
