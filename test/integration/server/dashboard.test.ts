import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardDemo, startDashboardDemo } from '../../browser/dashboard-demo.ts';
import { HOSTILE_EXIT, HOSTILE_WORKFLOW } from '../../browser/seed-sequences.ts';

async function get(
  demo: DashboardDemo,
  path: string,
): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(demo.baseUrl + path);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

const svgCount = (html: string, className: string) =>
  html.match(new RegExp(`<svg [^>]*class="${className}"`, 'g'))?.length ?? 0;

describe('dashboard router on the demo store', () => {
  let demo: DashboardDemo;

  beforeAll(async () => {
    demo = await startDashboardDemo(1500);
  });
  afterAll(async () => demo?.close());

  it('overview: tier distribution and daily trend per model, churn risers, sync status', async () => {
    const page = await get(demo, '/dashboard/');
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/text\/html/);
    for (const model of ['lead_score', 'churn_risk']) expect(page.body).toContain(`data-model="${model}"`);
    expect(svgCount(page.body, 'tier-chart')).toBe(2);
    expect(svgCount(page.body, 'trend-chart')).toBe(2);
    // Three scoring runs on three days: three columns of tier shares per model.
    const churnCard = page.body.slice(page.body.indexOf('data-model="churn_risk"'));
    expect(new Set(churnCard.match(/<title>2026-1\d-\d\d /g) ?? []).size).toBe(3);
    expect(page.body).toMatch(/Accounts whose churn risk rose most this week<\/h2>/);
    const risers = page.body.slice(
      page.body.indexOf('rose most this week'),
      page.body.indexOf('Sync status'),
    );
    expect(risers).toMatch(/<td>\+\d+\.\d<\/td>/);
    expect(page.body).toMatch(/<td>demo_files[^<]*<\/td><td>succeeded<\/td>/);
    expect(page.body).toContain('href="/dashboard/models"');
    expect(page.body).not.toMatch(/<script/i);
  });

  it('models: a card per model with calibration, gains and distribution charts, features and drift', async () => {
    const page = await get(demo, '/dashboard/models');
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<section class="card model-card" data-model="lead_score">/);
    expect(page.body).toMatch(/<section class="card model-card" data-model="churn_risk">/);
    expect(page.body.match(/<svg /g)?.length).toBe(6);
    expect(page.body).toMatch(/class="calibration-point"/);
    expect(page.body).toMatch(/class="gain-point"/);
    expect(page.body).toContain('Top features (mean |SHAP| on the holdout)');
    expect(page.body).toMatch(/Drift of the last scoring run/);
    expect(page.body).toMatch(/ROC-AUC <b>0\.\d{3}<\/b>/);
  });

  it('sequences: the funnel per workflow with engagement after the send and exits by reason', async () => {
    const page = await get(demo, '/dashboard/sequences');
    expect(page.status).toBe(200);
    expect(svgCount(page.body, 'funnel-chart')).toBe(2);
    const retention = demo.funnels.retention!;
    const card = page.body.slice(page.body.indexOf('data-workflow="retention"'));
    const bar = (label: string) => card.match(new RegExp(`<title>${label}: (\\d+)`))?.[1];
    expect(bar('enrolled')).toBe(String(retention.enrolled));
    expect(bar('emailed')).toBe(String(retention.emailed));
    expect(card).toContain(`${retention.emails} emails`);
    // The open from before the first send is not counted.
    expect(bar('opened')).toBe(String(retention.opened));
    expect(bar('clicked')).toBe(String(retention.clicked));
    expect(bar('replied')).toBe(String(retention.replied));
    expect(bar('exited')).toBe(String(retention.exited));
    expect(card).toMatch(/<td>tier_changed<\/td><td>4<\/td>/);
  });

  it('escapes names and reasons from the store', async () => {
    const page = await get(demo, '/dashboard/sequences');
    expect(page.body).not.toContain(HOSTILE_WORKFLOW);
    expect(page.body).not.toContain(HOSTILE_EXIT);
    expect(page.body).not.toMatch(/<script|<img/i);
    expect(page.body).toContain('nurture &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const hostile = demo.funnels[HOSTILE_WORKFLOW]!;
    const card = page.body.slice(page.body.indexOf('data-workflow="nurture &lt;'));
    expect(card.match(/<title>opened: (\d+)/)?.[1]).toBe(String(hostile.opened));
  });

  it('serves its stylesheet and sets a strict content security policy', async () => {
    const css = await get(demo, '/dashboard/dashboard.css');
    expect(css.status).toBe(200);
    expect(css.type).toMatch(/text\/css/);
    expect(css.body).toContain('.model-card');
    const res = await fetch(`${demo.baseUrl}/dashboard/`);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });
});
