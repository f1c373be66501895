import { barLine, finishedLine, type TaskProgress } from './progress-format.ts';

/** The parts of a terminal stream the bars use. */
export interface BarStream {
  write(chunk: string | Uint8Array, ...rest: unknown[]): boolean;
  readonly columns?: number;
}

interface Task {
  done: number;
  total: number | undefined;
  readonly startedAt: number;
}

type Write = BarStream['write'];

const UP_AND_CLEAR_LINE = '\x1b[1A\x1b[2K';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
/** Redraws per second: enough for time to visibly pass, cheap next to the work being measured. */
const FRAME_MS = 100;

/**
 * Progress bars at the bottom of a terminal. Anything else written to the terminal while they are
 * shown (log lines, command output on stdout) goes above them: the bars are erased, the text is
 * written, and the bars are drawn again below it, so the two never interleave. A task that reaches
 * its total is printed once, as a finished line, and leaves the bar area.
 */
export class BarDisplay {
  readonly #stream: BarStream;
  readonly #shared: readonly BarStream[];
  readonly #now: () => number;
  readonly #tasks = new Map<string, Task>();
  readonly #originals = new Map<BarStream, Write>();
  #drawn = 0;
  #frame = 0;
  #timer: NodeJS.Timeout | null = null;
  /** Text written above the bars that did not end a line yet: redrawing now would append to it. */
  #openLine = false;
  readonly #restoreOnExit = () => this.stop();

  /**
   * `shared`: other streams on the same terminal (stdout when it is a terminal too), whose writes
   * must also go above the bars.
   */
  constructor(stream: BarStream, shared: readonly BarStream[] = [], now: () => number = Date.now) {
    this.#stream = stream;
    this.#shared = shared;
    this.#now = now;
  }

  update(task: string, done: number, total?: number): void {
    const known = this.#tasks.get(task);
    // The same task reported again after it finished (a second pass) starts over.
    const state = known ?? { done: 0, total, startedAt: this.#now() };
    state.done = done;
    state.total = total;
    if (!known) this.#tasks.set(task, state);
    if (!this.#timer) this.#start();
    if (state.total !== undefined && done >= state.total) this.#finish(task, state);
    else this.#draw();
  }

  /** Prints every task still open as finished and gives the terminal back. */
  stop(): void {
    if (!this.#timer) return;
    this.#erase();
    for (const [task, state] of this.#tasks) this.#write(`${finishedLine(this.#progress(task, state))}\n`);
    this.#tasks.clear();
    clearInterval(this.#timer);
    this.#timer = null;
    for (const [stream, write] of this.#originals) (stream as { write: Write }).write = write;
    this.#originals.clear();
    this.#write(SHOW_CURSOR);
    process.removeListener('exit', this.#restoreOnExit);
  }

  #start(): void {
    for (const stream of [this.#stream, ...this.#shared]) {
      const original = stream.write;
      this.#originals.set(stream, original);
      (stream as { write: Write }).write = (chunk, ...rest) =>
        this.#above(original.bind(stream), chunk, rest);
    }
    this.#write(HIDE_CURSOR);
    // Redraw on a timer so elapsed times move; unref'd, the bars never keep the process alive.
    this.#timer = setInterval(() => {
      this.#frame += 1;
      this.#draw();
    }, FRAME_MS);
    this.#timer.unref();
    process.once('exit', this.#restoreOnExit);
  }

  #above(write: Write, chunk: string | Uint8Array, rest: unknown[]): boolean {
    this.#erase();
    const result = write(chunk, ...rest);
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.length > 0) this.#openLine = !text.endsWith('\n');
    this.#draw();
    return result;
  }

  #finish(task: string, state: Task): void {
    this.#tasks.delete(task);
    this.#erase();
    this.#write(`${finishedLine(this.#progress(task, state))}\n`);
    this.#draw();
  }

  #progress(task: string, state: Task): TaskProgress {
    return { task, done: state.done, total: state.total, elapsedMs: this.#now() - state.startedAt };
  }

  #draw(): void {
    if (this.#openLine || this.#tasks.size === 0) return;
    const width = this.#stream.columns ?? 80;
    const lines = [...this.#tasks].map(([task, state]) =>
      barLine(this.#progress(task, state), width, this.#frame),
    );
    this.#erase();
    this.#write(`${lines.join('\n')}\n`);
    this.#drawn = lines.length;
  }

  /**
   * Clears the bar lines one by one, bottom up, leaving the cursor where the first one was. Line by
   * line rather than "erase below": some terminals (tmux) move a screen cleared from its top-left
   * corner into the scrollback, which would leave a copy of every frame there.
   */
  #erase(): void {
    if (this.#drawn === 0) return;
    this.#write(`${UP_AND_CLEAR_LINE.repeat(this.#drawn)}\r`);
    this.#drawn = 0;
  }

  #write(text: string): void {
    const write = this.#originals.get(this.#stream) ?? this.#stream.write;
    write.call(this.#stream, text);
  }
}
