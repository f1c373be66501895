import type { Command } from 'commander';
import { formatForced, formatHold } from '../../app/safety/gate-text.ts';
import type { GateReport } from '../../app/safety/gates.ts';
import type { CommandIo } from './command-io.ts';

/** The flags every command that writes to a CRM, a warehouse or an inbox takes. */
export interface WriteSafetyFlags {
  readonly dryRun?: boolean;
  readonly force?: boolean;
}

export const GATES_HELP = `
Safety gates (config: safety.*): before writing, the command refuses (exit 2) when the newest data
is older than safety.maxDataAge, and holds (exit 2) when a model's last scoring run drifted to
"alert", its scores come from a version that is not promoted, or more than
safety.maxTierChangeShare of its records changed tier since the last write to the same place.
--force writes anyway; --dry-run shows what would change and writes nothing.`;

export function addWriteSafetyOptions(command: Command): Command {
  return command
    .option('--dry-run', 'show what would change (tier transitions, records, steps) and write nothing')
    .option(
      '--force',
      'write even when a safety gate would hold it (stale data, drift alert, unpromoted model, too many tier changes)',
    );
}

/**
 * Whether a write may go ahead. A clear gate passes; a tripped one holds unless --force, and either
 * way the words go to stderr, so a forced write is on record in the command's output.
 */
export function passesGate(report: GateReport, flags: WriteSafetyFlags, io: CommandIo): boolean {
  if (report.tripped.length === 0) return true;
  if (flags.force) {
    io.stderr(formatForced(report));
    return true;
  }
  io.stderr(formatHold(report));
  return false;
}
