import { HELD_PREFIX, type TickReport } from '../../workflows/engine/index.ts';

export interface RunTotals {
  readonly candidates: number;
  readonly enrolled: number;
  readonly notEnrolled: number;
  /** `held`: deferred because an earlier step's outcome is unknown (see workflows/engine/unknown-hold.ts). */
  readonly steps: Readonly<Record<'sent' | 'skipped' | 'deferred' | 'held', number>>;
  readonly exited: Readonly<Record<string, number>>;
  readonly completed: number;
  readonly waiting: number;
}

/** Totals over every tick of one run, for the run record and the CLI. */
export function summarize(candidates: number, reports: readonly TickReport[]): RunTotals {
  const steps = { sent: 0, skipped: 0, deferred: 0, held: 0 };
  const exited: Record<string, number> = {};
  let enrolled = 0;
  let notEnrolled = 0;
  let completed = 0;
  let waiting = 0;
  for (const report of reports) {
    enrolled += report.enrolled.length;
    notEnrolled += report.notEnrolled.length;
    completed += report.completed.length;
    waiting += report.waiting.length;
    for (const step of report.steps)
      steps[step.outcome === 'deferred' && step.reason?.startsWith(HELD_PREFIX) ? 'held' : step.outcome] += 1;
    for (const exit of report.exited) {
      const reason = exit.reason.split(':')[0] ?? exit.reason;
      exited[reason] = (exited[reason] ?? 0) + 1;
    }
  }
  return { candidates, enrolled, notEnrolled, steps, exited, completed, waiting };
}
