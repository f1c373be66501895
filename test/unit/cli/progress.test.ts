import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../../cli/progress.ts';
import { BarDisplay } from '../../../cli/progress-bars.ts';
import { barLine, duration, finishedLine, progressLine } from '../../../cli/progress-format.ts';

/** A stream that records what is written to it; a terminal when `isTTY`. */
function fakeStream(isTTY: boolean, columns = 100) {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    columns,
    write(chunk: string | Uint8Array): boolean {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
  };
  return { stream, text: () => chunks.join(''), chunks };
}

function fakeClock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

// Control characters bars use: escape sequences and carriage returns.
// Built from a string: biome refuses control characters in a regex literal.
const CONTROL = new RegExp(`[${String.fromCharCode(27)}\r]`);

describe('progress lines (no terminal: CI, cron, pipes)', () => {
  it('prints a plain line now and then and one when a task finishes, never a bar', () => {
    const { stream, text } = fakeStream(false);
    const clock = fakeClock();
    const progress = createProgressReporter({ stream, env: {}, now: clock.now, lineEverySeconds: 10 });
    progress.update('lead: reading features', 0);
    for (let done = 1000; done <= 10_000; done += 1000) {
      clock.advance(3000);
      progress.update('lead: reading features', done, 10_000);
    }
    progress.stop();
    const lines = text().trimEnd().split('\n');
    expect(text()).not.toMatch(CONTROL);
    // 30 s of work at one line per 10 s at most, then the finished line.
    expect(lines).toEqual([
      'lead: reading features: 4,000 of 10,000 (40%) after 12 s, about 18 s left',
      'lead: reading features: 8,000 of 10,000 (80%) after 24 s, about 6 s left',
      '✓ lead: reading features: 10,000 in 30 s',
    ]);
  });

  it('says when a task stopped short of its total instead of claiming it', () => {
    const { stream, text } = fakeStream(false);
    const progress = createProgressReporter({ stream, env: {}, now: () => 0 });
    progress.update('nba: decision log', 5334, 10_695);
    progress.stop();
    expect(text()).toBe('✓ nba: decision log: 5,334 of 10,695 (49%) in 0 s\n');
  });

  it('draws no bars in CI even on a terminal', () => {
    const { stream, text } = fakeStream(true);
    const progress = createProgressReporter({ stream, env: { CI: 'true' }, now: () => 0 });
    progress.update('scoring contacts', 10, 10);
    progress.stop();
    expect(text()).not.toMatch(CONTROL);
  });
});

describe('progress bars (a terminal)', () => {
  it('draws bars, keeps other output above them, and gives the terminal back', () => {
    const { stream, text, chunks } = fakeStream(true);
    const out = fakeStream(true);
    const originalWrite = stream.write;
    const clock = fakeClock();
    const bars = new BarDisplay(stream, [out.stream], clock.now);
    bars.update('scoring contacts', 2048, 10_000);
    expect(text()).toContain('scoring contacts');
    expect(text()).toContain('2,048 of 10,000 (20%)');

    // A log line while the bar is shown: the bar is erased, the line written, the bar drawn below.
    const before = chunks.length;
    stream.write('12:00:01 warn  rate limited\n');
    const after = chunks.slice(before).join('');
    const erase = after.indexOf('\u001b[1A\u001b[2K\r');
    const log = after.indexOf('rate limited');
    const redraw = after.lastIndexOf('scoring contacts');
    expect(erase).toBeGreaterThanOrEqual(0);
    expect(erase).toBeLessThan(log);
    expect(log).toBeLessThan(redraw);

    // Command output on stdout goes above the bars too (same terminal).
    out.stream.write('Scoring every contact and account:\n');
    expect(out.text()).toBe('Scoring every contact and account:\n');
    expect(chunks.slice(before).join('')).toContain('\u001b[1A\u001b[2K');

    clock.advance(5000);
    bars.update('scoring contacts', 10_000, 10_000);
    expect(text()).toContain('✓ scoring contacts: 10,000 in 5 s');
    bars.stop();
    expect(stream.write).toBe(originalWrite);
    expect(text().endsWith('\u001b[?25h')).toBe(true);
  });

  it('keeps every bar line narrower than the terminal, so erasing never misses a wrapped line', () => {
    const line = barLine(
      { task: 'lead: fitting gradient boosting, 2 of 3', done: 120, total: 200, elapsedMs: 61_000 },
      60,
      0,
    );
    expect(line.length).toBeLessThan(60);
    const spinner = barLine(
      { task: 'demo_files.events', done: 123_456, total: undefined, elapsedMs: 1000 },
      80,
      3,
    );
    expect(spinner).toMatch(/^. demo_files\.events +123,456 {2}1 s$/);
  });
});

describe('progress words', () => {
  it('reads like a sentence', () => {
    expect(duration(125_000)).toBe('2 min 05 s');
    expect(duration(3_720_000)).toBe('1 h 02 min');
    expect(progressLine({ task: 'demo_files.events', done: 1234, total: undefined, elapsedMs: 2000 })).toBe(
      'demo_files.events: 1,234 after 2 s',
    );
    expect(
      finishedLine({ task: 'churn: fitting random forest', done: 100, total: 100, elapsedMs: 1500 }),
    ).toBe('✓ churn: fitting random forest: 100 in 2 s');
    expect(
      finishedLine({ task: 'lead: fitting logistic regression', done: 1, total: 1, elapsedMs: 400 }),
    ).toBe('✓ lead: fitting logistic regression in 0 s');
    expect(finishedLine({ task: 'scoring accounts', done: 90, total: 287, elapsedMs: 4000 })).toBe(
      '✓ scoring accounts: 90 of 287 (31%) in 4 s',
    );
  });
});
