import type { Logger } from '../../../core/logger.ts';

/**
 * Runs webhook follow-ups one at a time after the response is sent: two syncs of the same stream
 * must not interleave their cursor writes, and the CRM must not wait (HubSpot retries slow answers).
 * A failure is logged with what it was about and never reaches the caller.
 */
export class WorkQueue {
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  get pending(): number {
    return this.#pending;
  }

  push(about: Record<string, unknown>, task: () => Promise<unknown>): void {
    this.#pending += 1;
    this.#tail = this.#tail
      .then(task)
      .then(
        () => undefined,
        (error: unknown) => {
          this.#logger.error(
            { ...about, error: error instanceof Error ? error.message : String(error) },
            'webhook follow-up failed',
          );
        },
      )
      .finally(() => {
        this.#pending -= 1;
      });
  }

  /** Resolves once every task queued so far has finished (graceful shutdown, tests). */
  settled(): Promise<void> {
    return this.#tail;
  }
}
