import { MultiBar, Presets } from 'cli-progress';
import type { Logger } from '../core/logger.ts';

export interface ProgressReporter {
  /** Reports progress of one named task; `total` may be unknown. */
  update(task: string, done: number, total?: number): void;
  stop(): void;
}

/**
 * Progress bars when a person is watching a terminal; otherwise (CI, cron, pipes) periodic JSON
 * log lines, because redrawn bars turn into unreadable noise in log files.
 */
export function createProgressReporter(
  logger: Logger,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressReporter {
  if (stream.isTTY && !process.env.CI) return barReporter(stream);
  return logReporter(logger);
}

function barReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const bars = new MultiBar(
    {
      stream,
      format: ' {task} |{bar}| {value}{totalText}',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  const byTask = new Map<string, ReturnType<MultiBar['create']>>();
  return {
    update(task, done, total) {
      let bar = byTask.get(task);
      const payload = { task: task.padEnd(28), totalText: total ? ` / ${total}` : '' };
      if (!bar) {
        bar = bars.create(total ?? Math.max(done, 1), done, payload);
        byTask.set(task, bar);
      }
      if (!total && done > bar.getTotal()) bar.setTotal(done * 2);
      bar.update(done, payload);
    },
    stop() {
      bars.stop();
    },
  };
}

function logReporter(logger: Logger): ProgressReporter {
  const lastLogged = new Map<string, number>();
  return {
    update(task, done, total) {
      const now = Date.now();
      if (now - (lastLogged.get(task) ?? 0) < 5000) return;
      lastLogged.set(task, now);
      logger.info({ task, done, total }, 'progress');
    },
    stop() {},
  };
}
