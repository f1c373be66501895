import { describe, expect, it } from 'vitest';

describe('runtime', () => {
  it('runs on Node 24 or newer, as the card packages require', () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(major).toBeGreaterThanOrEqual(24);
  });
  it('runs in UTC', () => {
    expect(new Date('2026-03-29T01:30:00Z').getHours()).toBe(1);
  });
});
