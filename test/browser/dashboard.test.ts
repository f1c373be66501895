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

/**
 * Ids of the demo data as they could leak into a page: canonical ids, source ids, owner slugs,
 * identity keys, model names and ISO timestamps. A page shows names and dates instead.
 */
const RAW_ID_PATTERNS: readonly RegExp[] = [
  /\b[ac]_[0-9a-f]{20}\b/,
  /\b(?:acc|con|mkt|deal|evt)_\d{4,}\b/,
  /\bowner_[a-z]+_[a-z]+\b/,
  /\bref:[a-z_]+\//,
  /\b(?:lead_score|churn_risk|lifetime_value|next_best_action)\b/,
  /\b(?:nurture_email|training_webinar|sales_call|discount_offer|csm_call)\b/,
  /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/,
];

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
  const charts = page.locator('main figure.chart svg');
  const sizes: { width: number; height: number }[] = [];
  for (let i = 0; i < (await charts.count()); i++) {
    const box = await charts.nth(i).boundingBox();
    sizes.push({ width: box?.width ?? 0, height: box?.height ?? 0 });
  }
  return sizes;
}

async function rawIdsIn(page: Page): Promise<string[]> {
  const text = await page.evaluate<string>('document.body.innerText');
  return RAW_ID_PATTERNS.flatMap((pattern) => {
    const match = pattern.exec(text);
    return match
      ? [
          `${match[0]} (…${text.slice(Math.max(0, match.index - 40), match.index + 40).replace(/\s+/g, ' ')}…)`,
        ]
      : [];
  });
}

describe.skipIf(!hasChromium)('dashboard in Chromium', () => {
  let demo: DashboardDemo;
  let context: BrowserContext;
  let page: Page;
  const profile = mkdtempSync(join(tmpdir(), 'sb-chromium-'));
  const offLoopback: string[] = [];
  const errors: string[] = [];
  const timings: FirstRender[] = [];
  // The whole page, and what the first screen shows (the README's pictures come from these).
  const shot = async (name: string) => {
    await page.screenshot({ path: join(artifacts, `dashboard-${name}.png`), fullPage: true });
    await page.screenshot({ path: join(artifacts, `dashboard-${name}-screen.png`) });
  };

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    demo = await startDashboardDemo(1500);
    // A fresh profile per run; Playwright passes it to Chromium as --user-data-dir.
    context = await launchChromium(profile);
    // Nothing may leave loopback: any other request is refused and recorded.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      offLoopback.push(url.href);
      return route.abort();
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
    });
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await demo?.close();
    rmSync(profile, { recursive: true, force: true });
    if (timings.length > 0) {
      writeFileSync(join(artifacts, 'dashboard-first-render.json'), `${JSON.stringify(timings, null, 2)}\n`);
      console.log(`dashboard first render (ms): ${JSON.stringify(timings)}`);
    }
  });

  it('sends a browser without a session to the sign-in form, and signs in with the key in the form', async () => {
    const response = await page.goto(`${demo.baseUrl}/dashboard/accounts`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('h1').textContent()).toBe('Sign in to the dashboard');
    await shot('login');

    await page.fill('input[name="key"]', 'sb_live_not-a-real-key');
    await page.click('button[type="submit"]');
    expect(await page.locator('.error').textContent()).toContain('not valid');
    expect(page.url()).not.toContain('sb_live');
    // The refused key is answered with status 401, which Chromium logs as a failed resource: expected here.
    expect(errors.splice(0)).toEqual([expect.stringMatching(/status of 401 .*\/login\)$/)]);

    await page.fill('input[name="key"]', demo.keys.read);
    await page.click('button[type="submit"]');
    await page.waitForURL('**/dashboard/accounts');
    expect(page.url()).not.toContain('sb_live');
    expect(await page.locator('h1').textContent()).toBe('Accounts');
    expect(await page.locator('.who').textContent()).toContain('Maria (marketing)');
    const cookies = await context.cookies(demo.baseUrl);
    const session = cookies.find((c) => c.name === 'sb_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    expect(session?.value).not.toContain(demo.keys.read.slice(8));
    expect(cookies.some((c) => c.value.includes(demo.keys.read.slice(8)))).toBe(false);
  });

  it('overview: every model by its name, coloured by meaning, with trends over a chosen range and this week’s risers', async () => {
    await page.goto(`${demo.baseUrl}/dashboard/`, { waitUntil: 'load' });
    timings.push(await firstRender(page, 'overview'));
    expect(await page.locator('h1').textContent()).toBe('Overview');
    for (const name of ['Lead score', 'Churn risk', 'Lifetime value', 'Next best action'])
      expect(await page.locator('section[data-model] h3').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringContaining(name)]),
      );
    const charts = await chartSizes(page);
    expect(charts.length).toBeGreaterThanOrEqual(8);
    for (const size of charts) expect(size.width * size.height).toBeGreaterThan(0);
    // Next best action is shown as actions, not tiers.
    const nba = await page.locator('section[data-model="next_best_action"] figure.tier-chart').textContent();
    expect(nba).toMatch(/nurture e-mail sequence/i);
    expect(nba).not.toMatch(/\bhigh\b|\bmedium\b/);
    // Every chart has a title drawn in it.
    const svgs = page.locator('figure.chart svg');
    for (let i = 0; i < (await svgs.count()); i++)
      expect(await svgs.nth(i).getAttribute('aria-label')).toBeTruthy();
    expect(await page.locator('[data-section="risers"] tbody tr').count()).toBeGreaterThan(0);
    const header = await page.evaluate<string>(
      "getComputedStyle(document.querySelector('header')).backgroundColor",
    );
    expect(header).toBe('rgb(17, 24, 39)');
    await shot('overview');
    await page.click('.ranges a:has-text("7 days")');
    await page.waitForURL('**/dashboard/?range=7');
    expect(await page.locator('.ranges [aria-current]').textContent()).toBe('7 days');
  });

  it('search finds an account by name, and the account page shows scores, reasons, history, timeline and workflow state', async () => {
    await page.goto(`${demo.baseUrl}/dashboard/accounts`, { waitUntil: 'load' });
    timings.push(await firstRender(page, 'accounts'));
    await shot('accounts');
    await page.fill('input[name="q"]', demo.story.name.toLowerCase().slice(0, 6));
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL('**/dashboard/accounts?q=*');
    const found = page.locator(`table.records a[data-record="${demo.story.id}"]`);
    expect(await found.textContent()).toBe(demo.story.name);
    await shot('accounts-search');
    await found.click();
    await page.waitForURL(`**/dashboard/accounts/${demo.story.id}`);
    timings.push(await firstRender(page, 'account'));
    expect(await page.locator('h1').textContent()).toBe(demo.story.name);

    const churn = page.locator('.scorecard[data-model="churn_risk"]');
    expect(await churn.locator('.big').textContent()).toMatch(/^\d{1,3}$/);
    expect(await churn.locator('ul.reasons li').count()).toBeGreaterThan(0);
    expect(await churn.textContent()).toMatch(/high risk|medium risk|low risk/);
    expect(await page.locator('.scorecard[data-model="lifetime_value"] .big').textContent()).toMatch(/[$€£]/);
    const history = page.locator('[data-section="history"] figure.history-chart svg');
    expect((await history.boundingBox())?.height ?? 0).toBeGreaterThan(50);
    expect(await page.locator('[data-section="timeline"] .timeline li:not(.day)').count()).toBeGreaterThan(0);
    const workflows = page.locator('[data-section="workflows"]');
    expect(await workflows.locator('h3').first().textContent()).toContain('Retention');
    expect(await workflows.textContent()).toContain('in progress');
    expect(await workflows.locator('.steps .state.done').count()).toBe(3);
    expect(await workflows.locator('.steps .state.waiting').count()).toBe(1);
    expect(await workflows.locator('table[data-table="tasks"]').textContent()).toContain(
      demo.story.taskSubject,
    );
    expect(await workflows.locator('table[data-table="emails"]').textContent()).toContain('day0 checkin');
    expect(await page.locator('[data-section="people"] tbody tr').count()).toBeGreaterThan(0);
    await shot('account');

    await page.locator(`[data-section="people"] a[href$="/contacts/${demo.story.contactId}"]`).click();
    await page.waitForURL(`**/dashboard/contacts/${demo.story.contactId}`);
    timings.push(await firstRender(page, 'contact'));
    expect(await page.locator('h1').textContent()).toBe(demo.story.contactName);
    // A customer's person is not a lead: the page says so instead of a blank score.
    expect(await page.locator('.scorecard[data-model="lead_score"]').textContent()).toContain(
      'covers people who are not customers yet',
    );
    expect(await page.locator('.facts a').first().textContent()).toBe(demo.story.name);
    await shot('contact-customer');

    // The contacts list opens on the hottest leads; the first one's page explains its score.
    await page.goto(`${demo.baseUrl}/dashboard/contacts`, { waitUntil: 'load' });
    const hottest = page.locator('table.records tbody tr a[data-record]').first();
    const leadName = await hottest.textContent();
    await hottest.click();
    await page.waitForURL('**/dashboard/contacts/*');
    timings.push(await firstRender(page, 'contact'));
    expect(await page.locator('h1').textContent()).toBe(leadName);
    const lead = page.locator('.scorecard[data-model="lead_score"]');
    expect(await lead.locator('.big').textContent()).toMatch(/^\d{1,3}$/);
    expect(await lead.locator('ul.reasons li').count()).toBeGreaterThan(0);
    expect(
      await page.locator('.scorecard[data-model="next_best_action"] .big-action').textContent(),
    ).not.toBe('');
    expect(
      (await page.locator('[data-section="history"] figure.history-chart svg').boundingBox())?.height ?? 0,
    ).toBeGreaterThan(50);
    await shot('contact');
  });

  it('no page shows a raw id where a name exists', async () => {
    const pages = [
      '/dashboard/',
      '/dashboard/accounts',
      `/dashboard/accounts?q=${encodeURIComponent(demo.story.domain)}`,
      '/dashboard/accounts?model=churn_risk&tier=high&sort=score:lifetime_value',
      '/dashboard/contacts',
      '/dashboard/contacts?model=next_best_action&tier=training_webinar',
      `/dashboard/accounts/${demo.story.id}`,
      `/dashboard/accounts/${demo.story.id}?range=90`,
      `/dashboard/contacts/${demo.story.contactId}`,
      '/dashboard/models',
      '/dashboard/sequences',
    ];
    const found: string[] = [];
    for (const path of pages) {
      const response = await page.goto(`${demo.baseUrl}${path}`, { waitUntil: 'load' });
      expect(response?.status(), path).toBe(200);
      for (const id of await rawIdsIn(page)) found.push(`${path}: ${id}`);
      if (path === '/dashboard/contacts') await shot('contacts');
      if (path === '/dashboard/models') {
        timings.push(await firstRender(page, 'models'));
        await shot('models');
      }
      if (path === '/dashboard/sequences') {
        timings.push(await firstRender(page, 'sequences'));
        await shot('sequences');
      }
    }
    expect(found).toEqual([]);
  });

  it('signs out: the session ends and the dashboard asks to sign in again', async () => {
    await page.goto(`${demo.baseUrl}/dashboard/`, { waitUntil: 'load' });
    await page.click('.who button[type="submit"]');
    await page.waitForURL('**/login?signed_out=1');
    expect(await page.locator('.notice').textContent()).toContain('signed out');
    expect((await context.cookies(demo.baseUrl)).some((c) => c.name === 'sb_session')).toBe(false);
    await page.goto(`${demo.baseUrl}/dashboard/models`, { waitUntil: 'load' });
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(errors).toEqual([]);
    expect(offLoopback).toEqual([]);
  });
});
