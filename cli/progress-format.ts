/** One task's progress as a person reads it; pure, so the terminal and the log-line reporters share it. */
export interface TaskProgress {
  readonly task: string;
  readonly done: number;
  /** Undefined when the work does not know its size in advance (a sync reads until the source ends). */
  readonly total: number | undefined;
  /** Milliseconds since the task started. */
  readonly elapsedMs: number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** "8 s", "2 min 05 s", "1 h 02 min". */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

function share(p: TaskProgress): number | null {
  if (p.total === undefined || p.total <= 0) return null;
  return Math.min(1, Math.max(0, p.done / p.total));
}

/** Time left at the rate so far; shown once the rate means something. */
function remaining(p: TaskProgress): string {
  const fraction = share(p);
  if (fraction === null || fraction <= 0 || fraction >= 1 || p.elapsedMs < 3000) return '';
  return `, about ${duration((p.elapsedMs / fraction) * (1 - fraction))} left`;
}

/** "5,334 of 10,695 (50%)" or "5,334" when the size is unknown. */
export function countText(p: TaskProgress): string {
  const fraction = share(p);
  if (fraction === null) return count(p.done);
  return `${count(p.done)} of ${count(p.total!)} (${Math.floor(fraction * 100)}%)`;
}

/** A line for logs and pipes: "lead score: reading features 5,334 of 10,695 (50%) after 12 s". */
export function progressLine(p: TaskProgress): string {
  return `${p.task}: ${countText(p)} after ${duration(p.elapsedMs)}${remaining(p)}`;
}

/** A finished task, kept on screen above the bars and printed once to logs. */
export function finishedLine(p: TaskProgress): string {
  // A task stopped short of its total says so rather than claiming the total.
  const size = p.total === undefined || p.done >= p.total ? count(p.total ?? p.done) : countText(p);
  // A one-step task (a logistic fit) has nothing to count.
  if (p.total === 1 && p.done >= 1) return `✓ ${p.task} in ${duration(p.elapsedMs)}`;
  return `✓ ${p.task}: ${size} in ${duration(p.elapsedMs)}`;
}

/**
 * A bar line for a terminal `width` columns wide: name, bar (or a spinner when the size is
 * unknown), counts and time. `frame` turns the spinner.
 */
export function barLine(p: TaskProgress, width: number, frame: number): string {
  // Names as wide as the terminal allows ("lead: fitting gradient boosting, 2 of 3" whole at 100).
  const nameWidth = Math.min(44, Math.max(24, width - 56));
  const name = p.task.length > nameWidth ? `${p.task.slice(0, nameWidth - 1)}…` : p.task.padEnd(nameWidth);
  const fraction = share(p);
  const time = `${duration(p.elapsedMs)}${remaining(p)}`;
  if (fraction === null) {
    const spinner = SPINNER[frame % SPINNER.length];
    return fitWidth(`${spinner} ${name} ${count(p.done)}  ${time}`, width);
  }
  const text = ` ${countText(p)}  ${time}`;
  const room = Math.max(10, Math.min(40, width - name.length - text.length - 4));
  const filled = Math.round(fraction * room);
  return fitWidth(`  ${name} ${'█'.repeat(filled)}${'░'.repeat(room - filled)}${text}`, width);
}

/** Lines must not wrap: a wrapped line would leave the bar area one line taller than it is erased. */
function fitWidth(line: string, width: number): string {
  const max = Math.max(20, width - 1);
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
