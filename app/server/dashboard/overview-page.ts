import type { StreamStatus } from '../../../core/store/canonical-store.ts';
import { fixed } from '../../report/report-data.ts';
import { htmlTable } from '../../report/report-html.ts';
import { barChart, type StackedColumn, shareColumnsChart, tierColor } from './charts.ts';
import { esc } from './layout.ts';
import type { OverviewData, TierTrendRow } from './overview-data.ts';

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

function trendColumns(rows: readonly TierTrendRow[], tiers: readonly string[]): StackedColumn[] {
  return [...groupBy(rows, (row) => row.day)].map(([day, dayRows]) => ({
    label: day,
    parts: tiers.map((tier, rank) => ({
      name: tier,
      value: dayRows.find((row) => row.tier === tier)?.count ?? 0,
      color: tierColor(rank),
    })),
  }));
}

function distributionCards(data: OverviewData): string {
  if (data.distribution.length === 0)
    return '<p class="empty">No scores yet: run <code>scorebridge score</code>.</p>';
  const trendByModel = groupBy(data.trend, (row) => row.model);
  return [...groupBy(data.distribution, (row) => row.model)]
    .map(([model, rows]) => {
      const total = rows.reduce((sum, row) => sum + row.count, 0);
      const tiers = data.tierOrder.get(model) ?? rows.map((row) => row.tier);
      const bars = barChart(
        `${model}: current scores by tier`,
        tiers.map((tier, rank) => {
          const row = rows.find((r) => r.tier === tier);
          const count = row?.count ?? 0;
          return {
            label: tier,
            value: count,
            color: tierColor(rank),
            note: `${Math.round((100 * count) / Math.max(1, total))}%${row ? `, avg ${fixed(row.averageValue, 1)}` : ''}`,
          };
        }),
        'tier-chart',
      );
      const days = trendByModel.get(model) ?? [];
      const trend =
        days.length === 0
          ? '<p class="empty">No scoring runs in the last 30 days.</p>'
          : shareColumnsChart(`${model}: tier mix per day`, trendColumns(days, tiers));
      return `<section class="card" data-model="${esc(model)}"><h3>${esc(model)} <span class="muted">(${esc(rows[0]?.entityType)}, ${total.toLocaleString('en-US')} scored)</span></h3>${bars}${trend}</section>`;
    })
    .join('');
}

function risersTable(data: OverviewData): string {
  if (data.risers.length === 0)
    return '<p class="empty">No account&#39;s churn risk rose since the start of the week (or there is no score from before it).</p>';
  return htmlTable(
    ['account', 'model', 'score a week ago', 'score now', 'rise', 'tier'],
    data.risers.map((r) => [
      r.accountName ? `${r.accountName} (${r.accountId})` : r.accountId,
      r.model,
      fixed(r.before, 1),
      fixed(r.now, 1),
      `+${fixed(r.now - r.before, 1)}`,
      r.tierBefore === r.tierNow ? r.tierNow : `${r.tierBefore} → ${r.tierNow}`,
    ]),
  );
}

function syncTable(streams: readonly StreamStatus[]): string {
  if (streams.length === 0)
    return '<p class="empty">No stream has synced yet: run <code>scorebridge sync</code>.</p>';
  return htmlTable(
    ['stream', 'last run', 'started', 'finished', 'inserted', 'updated', 'unchanged', 'rejected', 'error'],
    streams.map((s) => [
      s.stream,
      s.lastRun?.status ?? 'never run',
      s.lastRun?.startedAt ?? '',
      s.lastRun?.finishedAt ?? '',
      s.lastRun?.inserted ?? 0,
      s.lastRun?.updated ?? 0,
      s.lastRun?.unchanged ?? 0,
      s.lastRun?.rejected ?? 0,
      s.lastRun?.error ?? '',
    ]),
  );
}

/** Score distributions and their trend, this week's churn risers and sync health. */
export function overviewBody(data: OverviewData): string {
  return [
    '<h2>Score distribution by tier</h2>',
    `<div class="cards">${distributionCards(data)}</div>`,
    `<h2>Accounts whose churn risk rose most this week</h2><p class="muted">Latest score against the latest score at ${esc(data.weekStart)}.</p>`,
    `<div class="card">${risersTable(data)}</div>`,
    '<h2>Sync status per stream</h2>',
    `<div class="card">${syncTable(data.streams)}</div>`,
  ].join('\n');
}
