/**
 * Reads several async iterators at once, yielding whichever produces first and asking that one for
 * its next item straight away, so each source always has one request in flight. This is how the
 * engagement stream keeps e-mails, calls and meetings paging in parallel.
 */
export async function* mergeReaders<K, T>(readers: ReadonlyMap<K, AsyncIterator<T>>): AsyncGenerator<[K, T]> {
  type Step = { key: K; result: IteratorResult<T> };
  const pending = new Map<K, Promise<Step>>();
  const request = (key: K, reader: AsyncIterator<T>): void => {
    const step = reader.next().then((result) => ({ key, result }));
    // A failure surfaces through Promise.race below; this keeps an abandoned one from being unhandled.
    step.catch(() => undefined);
    pending.set(key, step);
  };
  for (const [key, reader] of readers) request(key, reader);
  try {
    while (pending.size > 0) {
      const { key, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(key);
        continue;
      }
      request(key, readers.get(key)!);
      // Let the event loop send that request before the caller maps and stores this item:
      // otherwise the whole synchronous hand-off runs first and the request leaves only afterwards.
      await new Promise((resolve) => setImmediate(resolve));
      yield [key, result.value];
    }
  } finally {
    for (const [key] of pending)
      readers
        .get(key)!
        .return?.()
        ?.catch(() => undefined);
  }
}
