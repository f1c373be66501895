import { BarDisplay, type BarStream } from './progress-bars.ts';
import { finishedLine, progressLine } from './progress-format.ts';

export interface ProgressReporter {
  /** Reports progress of one named task; `total` may be unknown. */
  update(task: string, done: number, total?: number): void;
  /** Ends every task still shown and gives the terminal back. */
  stop(): void;
}

export interface ProgressOutput extends BarStream {
  readonly isTTY?: boolean;
}

export interface ProgressOptions {
  /** Where progress goes; default stderr, so stdout stays the command's output. */
  readonly stream?: ProgressOutput;
  /** Other streams on the same terminal whose writes must go above the bars; default stdout if a terminal. */
  readonly shared?: readonly ProgressOutput[];
  readonly env?: Record<string, string | undefined>;
  readonly now?: () => number;
  /** Seconds between two lines about one task when there are no bars. */
  readonly lineEverySeconds?: number;
}

/**
 * Progress bars when a person is watching a terminal. Otherwise (CI, cron, pipes, files) no bars
 * and no control characters: a plain line per task now and then, and one when it finishes,
 * because redrawn bars turn into unreadable noise in a log file.
 */
export function createProgressReporter(options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  if (stream.isTTY && !env.CI) {
    const shared =
      options.shared ?? (process.stdout.isTTY && stream !== process.stdout ? [process.stdout] : []);
    return new BarDisplay(stream, shared, now);
  }
  return lineReporter(stream, now, (options.lineEverySeconds ?? 10) * 1000);
}

function lineReporter(stream: BarStream, now: () => number, everyMs: number): ProgressReporter {
  const tasks = new Map<string, { startedAt: number; lastLine: number; done: number; total?: number }>();
  const line = (text: string) => stream.write(`${text}\n`);
  return {
    update(task, done, total) {
      const at = now();
      let state = tasks.get(task);
      if (!state) {
        state = { startedAt: at, lastLine: at, done, ...(total === undefined ? {} : { total }) };
        tasks.set(task, state);
      }
      state.done = done;
      if (total === undefined) delete state.total;
      else state.total = total;
      const progress = { task, done, total, elapsedMs: at - state.startedAt };
      if (total !== undefined && done >= total) {
        tasks.delete(task);
        line(finishedLine(progress));
      } else if (at - state.lastLine >= everyMs) {
        state.lastLine = at;
        line(progressLine(progress));
      }
    },
    stop() {
      const at = now();
      for (const [task, state] of tasks)
        line(finishedLine({ task, done: state.done, total: state.total, elapsedMs: at - state.startedAt }));
      tasks.clear();
    },
  };
}
