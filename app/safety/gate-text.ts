import type { GateReport } from './gates.ts';
import { transitionWords } from './tier-changes.ts';

/** The hold, in words: what tripped, with its numbers, and how to go on. */
export function formatHold(report: GateReport): string {
  return [
    `Held: ${report.destination.label}. Nothing was written.`,
    ...report.tripped.map((trip) => `  - ${trip.message}`),
    '  Review, then rerun with --force to write anyway, or with --dry-run to see what would change.',
  ].join('\n');
}

/** Printed when --force passes tripped gates, so the log says the write was made knowingly. */
export function formatForced(report: GateReport): string {
  return [
    `--force: ${report.destination.label} goes ahead although ${report.tripped.length} gate(s) tripped:`,
    ...report.tripped.map((trip) => `  - ${trip.message}`),
  ].join('\n');
}

/** One line per model: how its tiers moved since the destination was last written. */
export function formatTierChanges(report: GateReport): string {
  return report.models
    .map((reading) => {
      const changes = reading.tierChanges;
      if (changes.lastWrittenAt === null)
        return `  ${reading.model}: first ${report.destination.label}; ${changes.added.toLocaleString('en-US')} ${reading.entity}s would be new`;
      const share = `${(changes.share * 100).toFixed(1)}%`;
      const removed =
        changes.removed > 0 ? `, ${changes.removed.toLocaleString('en-US')} no longer scored` : '';
      return `  ${reading.model}: ${changes.changed.toLocaleString('en-US')} of ${changes.compared.toLocaleString('en-US')} ${reading.entity}s changed tier (${share}) since ${changes.lastWrittenAt.slice(0, 16).replace('T', ' ')} UTC; ${transitionWords(changes)}${removed}`;
    })
    .join('\n');
}

/** A dry run's verdict: whether the real command would be held, and by what. */
export function formatWouldHold(report: GateReport): string {
  if (report.tripped.length === 0) return `  gates: clear; ${report.destination.label} would go ahead`;
  return [
    `  gates: ${report.destination.label} would be HELD (pass --force to write anyway):`,
    ...report.tripped.map((trip) => `    - ${trip.message}`),
  ].join('\n');
}
