import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchChromium } from './chromium.ts';
import { type DashboardDemo, startDashboardDemo } from './dashboard-demo.ts';

const artifacts = resolve(import.meta.dirname, '..', '..', 'test-artifacts');
if (!hasChromium)
  console.warn(`dashboard browser test skipped: ${CHROMIUM} not found (apt-get install chromium)`);

interface FirstRender {
  readonly page: string;
  /** From navigation start: first byte, first contentful paint, load event (milliseconds). */
  readonly responseStart: number;
  readonly firstContentfulPaint: number | null;
  readonly load: number;
}

// Runs in the page (the project compiles without the DOM library, hence a string). Paint entries can
// arrive after the load event; a buffered observer sees them either way.
const TIMING_SCRIPT = `new Promise((done) => {
  const nav = performance.getEntriesByType('navigation')[0];
  const finish = (fcp) => done({ responseStart: nav.responseStart, load: nav.loadEventEnd, fcp });
  new PerformanceObserver((list) => {
    const paint = list.getEntriesByName('first-contentful-paint')[0];
    if (paint) finish(paint.startTime);
  }).observe({ type: 'paint', buffered: true });
  setTimeout(() => finish(null), 1000);
})`;

async function firstRender(page: Page, name: string): Promise<FirstRender> {
  const timing = await page.evaluate<{ responseStart: number; load: number; fcp: number | null }>(
    TIMING_SCRIPT,
  );
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    page: name,
    responseStart: round(timing.responseStart),
    firstContentfulPaint: timing.fcp === null ? null : round(timing.fcp),
    load: round(timing.load),
  };
}

/** Every chart on the page is laid out with a real size. */
async function chartSizes(page: Page): Promise<{ width: number; height: number }[]> {
  const charts = page.locator('main svg');
  const sizes: { width: number; height: number }[] = [];
  for (let i = 0; i < (await charts.count()); i++) {
    const box = await charts.nth(i).boundingBox();
    sizes.push({ width: box?.width ?? 0, height: box?.height ?? 0 });
  }
  return sizes;
}

describe.skipIf(!hasChromium)('dashboard in Chromium', () => {
  let demo: DashboardDemo;
  let context: BrowserContext;
  const profile = mkdtempSync(join(tmpdir(), 'sb-chromium-'));
  const offLoopback: string[] = [];
  const timings: FirstRender[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    demo = await startDashboardDemo(1500);
    // A fresh profile per run; Playwright passes it to Chromium as --user-data-dir.
    context = await launchChromium(profile);
  });
  afterAll(async () => {
    await context?.close();
    await demo?.close();
    rmSync(profile, { recursive: true, force: true });
    if (timings.length > 0) {
      writeFileSync(join(artifacts, 'dashboard-first-render.json'), `${JSON.stringify(timings, null, 2)}\n`);
      console.log(`dashboard first render (ms): ${JSON.stringify(timings)}`);
    }
  });

  it('renders the overview with charts and navigates to models and sequences', async () => {
    // Nothing may leave loopback: any other request is refused and recorded.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      offLoopback.push(url.href);
      return route.abort();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });

    const response = await page.goto(`${demo.baseUrl}/dashboard/`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    timings.push(await firstRender(page, 'overview'));
    expect(await page.locator('h1').textContent()).toBe('Overview');
    const overviewCharts = await chartSizes(page);
    expect(overviewCharts.length).toBeGreaterThanOrEqual(4);
    for (const size of overviewCharts) expect(size.width * size.height).toBeGreaterThan(0);
    expect(await page.locator('.tier-chart rect.bar').count()).toBeGreaterThan(0);
    // The stylesheet applied: the header bar is dark.
    const header = await page.evaluate<string>(
      "getComputedStyle(document.querySelector('header')).backgroundColor",
    );
    expect(header).toBe('rgb(17, 24, 39)');
    await page.screenshot({ path: join(artifacts, 'dashboard-overview.png'), fullPage: true });

    await page.click('nav a[data-page="models"]');
    await page.waitForURL('**/dashboard/models');
    timings.push(await firstRender(page, 'models'));
    expect(await page.locator('h1').textContent()).toBe('Models');
    expect(await page.locator('.model-card').count()).toBeGreaterThanOrEqual(2);
    const modelCharts = await chartSizes(page);
    expect(modelCharts.length).toBe(6);
    for (const size of modelCharts) expect(size.width * size.height).toBeGreaterThan(0);
    expect(await page.locator('circle.calibration-point').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifacts, 'dashboard-models.png'), fullPage: true });

    await page.click('nav a[data-page="sequences"]');
    await page.waitForURL('**/dashboard/sequences');
    timings.push(await firstRender(page, 'sequences'));
    expect(await page.locator('h1').textContent()).toBe('Sequences');
    const funnels = page.locator('svg.funnel-chart');
    expect(await funnels.count()).toBe(2);
    const box = await funnels.first().boundingBox();
    expect((box?.width ?? 0) * (box?.height ?? 0)).toBeGreaterThan(0);
    // Store text with markup shows as text, not as elements.
    expect(await page.locator('section[data-workflow^="nurture"] h2').textContent()).toBe(
      'nurture <script>alert("x")</script> & co',
    );
    await page.screenshot({ path: join(artifacts, 'dashboard-sequences.png'), fullPage: true });

    await page.click('nav a[data-page="overview"]');
    await page.waitForURL('**/dashboard/');
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe('Overview');

    expect(errors).toEqual([]);
    expect(offLoopback).toEqual([]);
  });
});
