import type { StreamStatus } from '../../../core/store/canonical-store.ts';
import { barChart, trendChart } from './charts.ts';
import type { DashboardContext } from './context.ts';
import { formatCount, formatDate, formatDateTime, formatScore, relativeDay } from './format.ts';
import { esc } from './layout.ts';
import { metricHelp } from './metric-help.ts';
import type { ModelMeaning } from './model-meaning.ts';
import type { OverviewData } from './overview-data.ts';
import { type RangeDays, rangePicker } from './ranges.ts';
import { tierChip } from './ui.ts';

interface Bucket {
  readonly key: string;
  readonly label: string;
  readonly color: string;
}

/** Tiers from the best news to the worst, or the catalog's actions. */
function bucketsOf(model: ModelMeaning, present: readonly string[]): Bucket[] {
  if (model.kind === 'nba') {
    const ids = [...new Set([...model.actions, ...present])].filter(
      (id) => present.includes(id) || model.actions.includes(id),
    );
    return ids.map((id) => ({ key: id, label: model.actionLabel(id), color: model.actionColor(id) }));
  }
  const tiers = [...new Set([...model.tiers, ...present])];
  // Highest tier first: the records that need attention (or the best chances) lead.
  return [...tiers]
    .reverse()
    .map((tier) => ({ key: tier, label: model.tierLabel(tier), color: model.tierColor(tier) }));
}

async function modelCard(
  base: string,
  data: OverviewData,
  model: ModelMeaning,
  range: RangeDays,
): Promise<string> {
  const current =
    model.kind === 'nba'
      ? data.actions.filter((a) => a.model === model.name).map((a) => ({ key: a.action, count: a.count }))
      : data.distribution.filter((d) => d.model === model.name).map((d) => ({ key: d.tier, count: d.count }));
  const total = current.reduce((sum, c) => sum + c.count, 0);
  const noun = model.entity === 'account' ? 'accounts' : 'contacts';
  const head = `<h3>${esc(model.displayName)} <span class="muted small">(${formatCount(total)} ${noun} scored)</span></h3><p class="help">${esc(model.explanation)}</p>`;
  if (total === 0)
    return `<section class="card half" data-model="${esc(model.name)}">${head}<p class="empty">No scores yet: run <code>scorebridge score</code>.</p></section>`;
  const buckets = bucketsOf(
    model,
    current.map((c) => c.key),
  );
  const bars = await barChart({
    title:
      model.kind === 'nba'
        ? `${model.displayName}: what to do now`
        : `${model.displayName}: ${noun} per tier`,
    subtitle: `${formatCount(total)} ${noun}, as scored ${formatDate(data.asOf)}`,
    bars: buckets.map((b) => {
      const count = current.find((c) => c.key === b.key)?.count ?? 0;
      return { label: b.label, value: count, color: b.color, note: `${Math.round((100 * count) / total)}%` };
    }),
    className: 'tier-chart',
  });
  const days = data.trend.filter((t) => t.model === model.name);
  const totals = new Map<string, number>();
  for (const row of days) totals.set(row.day, (totals.get(row.day) ?? 0) + row.count);
  const trend =
    days.length === 0
      ? `<p class="empty">No scoring runs in the last ${range} days.</p>`
      : await trendChart({
          title: `${model.kind === 'nba' ? 'Actions' : 'Tier mix'} per day, last ${range} days`,
          subtitle: `Share of ${noun} scored that day; ${formatCount(totals.size)} scoring day${totals.size === 1 ? '' : 's'} in range`,
          points: days.map((row) => ({
            day: row.day,
            series: buckets.find((b) => b.key === row.bucket)?.label ?? row.bucket,
            value: row.count / Math.max(1, totals.get(row.day) ?? 1),
          })),
          series: buckets.map((b) => ({ name: b.label, color: b.color })),
          from: data.from,
          to: data.asOf,
          yTitle: `share of ${noun}`,
          yFormat: '%',
          yDomain: [0, 1],
          className: 'trend-chart',
        });
  const list = model.entity === 'account' ? 'accounts' : 'contacts';
  // The best (or worst) tier that has anyone in it: a link to an empty list helps nobody.
  const top = buckets.find((b) => (current.find((c) => c.key === b.key)?.count ?? 0) > 0);
  const link =
    model.kind === 'nba' || !top
      ? ''
      : `<p class="small"><a href="${esc(`${base}/${list}?model=${encodeURIComponent(model.name)}&tier=${encodeURIComponent(top.key)}`)}">See the ${esc(top.label)} ${list}</a></p>`;
  return `<section class="card half" data-model="${esc(model.name)}">${head}${bars}${trend}<p class="help">${esc(metricHelp('tierShare'))}</p>${link}</section>`;
}

function risersHtml(ctx: DashboardContext, base: string, data: OverviewData): string {
  if (data.risers.length === 0) {
    const why =
      data.churnRunDays.length < 2
        ? `Rises need scores from two different days; the last 30 days have ${data.churnRunDays.length === 0 ? 'none' : `one scoring day (${esc(formatDate(`${data.churnRunDays[0]}T00:00:00Z`))})`}. Score daily (<code>schedules.score</code>) and this fills in.`
        : 'No account’s churn risk rose this week.';
    return `<p class="empty">${why}</p>`;
  }
  const model = ctx.models.get(data.risers[0]!.model);
  const rows = data.risers
    .map((r) => {
      const m = ctx.models.get(r.model) ?? model!;
      const name = r.accountName ?? r.domain ?? 'unnamed company';
      return `<tr><td><a href="${esc(`${base}/accounts/${encodeURIComponent(r.accountId)}`)}">${esc(name)}</a>${r.domain && r.accountName ? `<span class="sub">${esc(r.domain)}</span>` : ''}</td>
<td class="num">${esc(formatScore(r.before))} <span class="sub">${esc(formatDate(r.beforeAt))}</span></td><td class="num">${esc(formatScore(r.now))}</td>
<td class="num bad">+${esc(formatScore(r.now - r.before))}</td><td>${r.tierBefore === r.tierNow ? tierChip(m, r.tierNow) : `${tierChip(m, r.tierBefore)} → ${tierChip(m, r.tierNow)}`}</td>
<td>${esc(r.reason ?? '')}</td><td>${esc(ctx.owners.label(r.ownerId))}</td></tr>`;
    })
    .join('');
  return `<table data-table="risers"><thead><tr><th>Account</th><th class="num">Churn risk before</th><th class="num">Now</th><th class="num">Rise</th><th>Tier</th><th>Top reason now</th><th>Owner</th></tr></thead><tbody>${rows}</tbody></table>
<p class="help">${esc(metricHelp('riskRise'))}</p>`;
}

function syncHtml(ctx: DashboardContext, streams: readonly StreamStatus[], asOf: string): string {
  if (streams.length === 0)
    return '<p class="empty">Nothing has synced yet: run <code>scorebridge sync</code>.</p>';
  const rows = streams
    .map((s) => {
      const run = s.lastRun;
      const status = !run
        ? '<span class="state skipped">never run</span>'
        : run.status === 'succeeded'
          ? '<span class="state done">up to date</span>'
          : run.status === 'running'
            ? '<span class="state waiting">running</span>'
            : `<span class="state failed">failed</span> <span class="small">${esc(run.error ?? '')}</span>`;
      const dot = s.stream.indexOf('.');
      const system = dot < 0 ? s.stream : s.stream.slice(0, dot);
      const what = (dot < 0 ? s.stream : s.stream.slice(dot + 1)).replace(/[_-]+/g, ' ');
      return `<tr><td>${esc(what.charAt(0).toUpperCase() + what.slice(1))}<span class="sub">from ${esc(ctx.links.sourceName(system))}</span></td><td>${status}</td><td>${run?.finishedAt ? `${esc(relativeDay(run.finishedAt, new Date(asOf)))}<span class="sub">${esc(formatDateTime(run.finishedAt))}</span>` : ''}</td>
<td class="num">${formatCount(run?.inserted ?? 0)}</td><td class="num">${formatCount(run?.updated ?? 0)}</td><td class="num">${formatCount(run?.unchanged ?? 0)}</td><td class="num">${formatCount(run?.rejected ?? 0)}</td></tr>`;
    })
    .join('');
  return `<table data-table="sync"><thead><tr><th>Data</th><th>Status</th><th>Last sync</th><th class="num">New</th><th class="num">Changed</th><th class="num">Unchanged</th><th class="num">Rejected</th></tr></thead><tbody>${rows}</tbody></table>
<p class="help">Rejected rows are kept in quarantine with the file, line and reason: <code>scorebridge status --quarantine</code> lists them.</p>`;
}

/** Scores per model with their trend, this week's churn risers, and data freshness. */
export async function overviewBody(
  ctx: DashboardContext,
  base: string,
  data: OverviewData,
  range: RangeDays,
): Promise<string> {
  const models = [...ctx.models.values()];
  const cards = await Promise.all(models.map((m) => modelCard(base, data, m, range)));
  return [
    `<div class="toolbar"><h2>Scores</h2>${rangePicker(`${base}/`, range)}</div>`,
    `<div class="cards">${cards.join('')}</div>`,
    `<h2>Risk rose this week</h2><p class="help">Accounts whose churn risk rose most since ${esc(formatDate(data.weekStart))}, with the reason now at the top. Open one to see what changed.</p>`,
    `<div class="card wide" data-section="risers">${risersHtml(ctx, base, data)}</div>`,
    '<h2>Data freshness</h2>',
    `<div class="card wide" data-section="sync">${syncHtml(ctx, data.streams, data.asOf)}</div>`,
  ].join('\n');
}
