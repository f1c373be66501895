/**
 * Runs tasks one per turn of the event loop, oldest first. Scoring reads the store synchronously,
 * so a task's awaits resolve at once: started together, a burst of requests would run as one
 * unbroken chain of promise callbacks (and setImmediate runs every callback queued before its
 * phase in one go), and until the whole burst is done no response is written and no request is
 * read. Taking one task per turn lets the loop read and write sockets between requests.
 */
export class TurnQueue {
  readonly #waiting: (() => void)[] = [];
  #head = 0;
  #scheduled = false;

  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push(() => {
        task().then(resolve, reject);
      });
      this.#schedule();
    });
  }

  /** Tasks not started yet. */
  get pending(): number {
    return this.#waiting.length - this.#head;
  }

  #schedule(): void {
    if (this.#scheduled || this.pending === 0) return;
    this.#scheduled = true;
    setImmediate(this.#next);
  }

  readonly #next = (): void => {
    this.#scheduled = false;
    const task = this.#waiting[this.#head++];
    // Compact now and then instead of shift(): O(1) per task however long the queue gets.
    if (this.#head > 1024 && this.#head * 2 > this.#waiting.length) {
      this.#waiting.splice(0, this.#head);
      this.#head = 0;
    }
    task?.();
    this.#schedule();
  };
}
