/**
 * Work in flight shared by key: the first caller starts it and every caller with the same key
 * while it runs waits for that same promise. Nothing is kept once it settles, so a failure
 * reaches every waiter and the next caller starts afresh; keeping a success is the caller's
 * business (a cache checked before `run`).
 */
export class SingleFlight<V> {
  readonly #flights = new Map<string, Promise<V>>();

  run(key: string, work: () => Promise<V>): Promise<V> {
    const running = this.#flights.get(key);
    if (running) return running;
    // `then` turns a synchronous throw of `work` into a rejection every waiter sees.
    const flight = Promise.resolve()
      .then(work)
      .finally(() => {
        this.#flights.delete(key);
      });
    this.#flights.set(key, flight);
    return flight;
  }

  /** Keys with work in flight. */
  get size(): number {
    return this.#flights.size;
  }
}
