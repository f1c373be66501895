import type { PgBoss } from 'pg-boss';

/** How far back to look for a cron's latest occurrence: a minute cron to a yearly one. */
const LOOKBACKS_HOURS = [2, 48, 24 * 40, 24 * 400];
const PAGE = 60;

/**
 * The start of the period a cron tick belongs to: its latest occurrence at or before `now`, as
 * ISO-8601 UTC. Every scheduler computes the same value for the same tick (and for a catch-up at
 * start), which is what lets their jobs' ids collide and the queue keep one.
 */
export function periodOf(boss: PgBoss, cron: string, timezone: string, now: Date): string {
  // A tick fires at its occurrence or a moment after; up to a second late still belongs to it.
  const until = now.getTime() + 999;
  for (const hours of LOOKBACKS_HOURS) {
    let from = new Date(now.getTime() - hours * 3_600_000);
    let latest: Date | undefined;
    for (;;) {
      const page = boss.previewSchedule(cron, { tz: timezone, from, count: PAGE });
      const past = page.filter((occurrence) => occurrence.getTime() <= until);
      latest = past.at(-1) ?? latest;
      if (past.length < page.length || page.length < PAGE) break;
      from = page.at(-1)!;
    }
    if (latest) return latest.toISOString();
  }
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
}
