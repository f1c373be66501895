import { describe, expect, it } from 'vitest';
import { TurnQueue } from '../../../app/server/scoring/turn-queue.ts';

describe('TurnQueue', () => {
  it('starts one task per event-loop turn, in arrival order, so callbacks queued meanwhile run between them', async () => {
    const queue = new TurnQueue();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(name);
      // Work a socket would do between requests: it must not wait for the whole burst.
      setImmediate(() => log.push(`io after ${name}`));
      return name;
    };
    const answers = await Promise.all([queue.run(task('a')), queue.run(task('b')), queue.run(task('c'))]);
    expect(answers).toEqual(['a', 'b', 'c']);
    expect(log.slice(0, 5)).toEqual(['a', 'io after a', 'b', 'io after b', 'c']);
    expect(queue.pending).toBe(0);
  });

  it('hands a failure to its own caller only and goes on with the rest', async () => {
    const queue = new TurnQueue();
    const failing = queue.run(async () => {
      throw new Error('database is locked');
    });
    const fine = queue.run(async () => 42);
    await expect(failing).rejects.toThrow('database is locked');
    await expect(fine).resolves.toBe(42);
  });

  it('does not wait for a task that awaits real I/O before starting the next', async () => {
    const queue = new TurnQueue();
    const log: string[] = [];
    const slow = queue.run(async () => {
      log.push('slow starts');
      await new Promise((resolve) => setTimeout(resolve, 30));
      log.push('slow ends');
    });
    const quick = queue.run(async () => {
      log.push('quick');
    });
    await Promise.all([slow, quick]);
    expect(log).toEqual(['slow starts', 'quick', 'slow ends']);
  });

  it('keeps order over thousands of tasks (the queue compacts as it goes)', async () => {
    const queue = new TurnQueue();
    const order: number[] = [];
    await Promise.all(Array.from({ length: 3000 }, (_, i) => queue.run(async () => order.push(i))));
    expect(order).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });
});
