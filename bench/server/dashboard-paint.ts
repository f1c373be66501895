/**
 * First paint of dashboard pages in Debian's Chromium (playwright-core): signs in through the form
 * like a person, then loads each page RUNS times in a fresh tab and keeps the medians.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../../test/browser/chromium.ts';

export const RUNS = 5;
const TIMING_SCRIPT = `new Promise((done) => {
  const nav = performance.getEntriesByType('navigation')[0];
  const finish = (fcp) => done({ ttfb: nav.responseStart, fcp, load: nav.loadEventEnd });
  new PerformanceObserver((list) => {
    const paint = list.getEntriesByName('first-contentful-paint')[0];
    if (paint) finish(paint.startTime);
  }).observe({ type: 'paint', buffered: true });
  setTimeout(() => finish(null), 3000);
})`;

export interface PaintRow {
  readonly page: string;
  readonly ttfb: number;
  readonly fcp: number;
  readonly load: number;
  readonly bytes: number;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function measurePages(
  baseUrl: string,
  readKey: string,
  pages: readonly (readonly [string, string])[],
): Promise<PaintRow[]> {
  const profile = mkdtempSync(join(tmpdir(), 'sb-bench-chromium-'));
  const rows: PaintRow[] = [];
  try {
    const context = await launchChromium(profile);
    try {
      const login = await context.newPage();
      await login.goto(`${baseUrl}/login`);
      await login.fill('input[name="key"]', readKey);
      await login.click('button[type="submit"]');
      await login.waitForURL('**/dashboard/');
      await login.close();
      for (const [name, path] of pages) {
        const samples: Array<{ ttfb: number; fcp: number | null; load: number }> = [];
        let bytes = 0;
        for (let i = 0; i < RUNS; i += 1) {
          const page = await context.newPage();
          const response = await page.goto(`${baseUrl}${path}`, { waitUntil: 'load' });
          if (response?.status() !== 200) throw new Error(`${path} answered ${response?.status()}`);
          bytes = (await response.body()).length;
          samples.push(await page.evaluate(TIMING_SCRIPT));
          await page.close();
        }
        rows.push({
          page: name,
          ttfb: median(samples.map((s) => s.ttfb)),
          fcp: median(samples.map((s) => s.fcp ?? Number.NaN)),
          load: median(samples.map((s) => s.load)),
          bytes,
        });
      }
    } finally {
      await context.close();
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return rows;
}

export function paintTable(rows: readonly PaintRow[], goalMs: number): string[] {
  return [
    '| page | first byte ms | first contentful paint ms | load event ms | HTML KB | goal |',
    '|---|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.page} | ${r.ttfb.toFixed(0)} | ${r.fcp.toFixed(0)} | ${r.load.toFixed(0)} | ${(r.bytes / 1024).toFixed(0)} | ${r.fcp <= goalMs ? 'met' : 'not met'} |`,
    ),
  ];
}
